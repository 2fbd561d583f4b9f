import type { Logger } from '../logger';
import type { TriageLog } from '../store/triage-log';
import type { AlertLifecycle } from './alert-lifecycle';

/**
 * The alert lifecycle, with the analyst's classification recorded beside the model's whenever an
 * alert with an AI triage is closed (`triage.jsonl`), so `socbot triage evaluate` can compare them.
 * The close itself is done and reported first; a failure to record it is logged, never fails the
 * close (the close is in the register and the audit trail). A close replayed after a crash (same
 * classification, same time) records nothing new.
 *
 * @example
 *   const lifecycle = triageFollowsClose(createAlertLifecycle(deps), store.triage, logger);
 */
export function triageFollowsClose<L extends AlertLifecycle>(
  lifecycle: L,
  triage: Pick<TriageLog, 'recordFinal'>,
  logger: Logger,
): L {
  return {
    ...lifecycle,
    async close(asked, classification) {
      const closed = await lifecycle.close(asked, classification);
      if (closed.status === 'closed' && closed.classification) {
        await triage
          .recordFinal(closed.ref, {
            classification: closed.classification,
            by: asked.actor.name ?? asked.actor.id,
            at: closed.updatedAt ?? new Date().toISOString(),
          })
          .catch((error: unknown) =>
            logger.warn(
              { err: error, ref: closed.ref },
              'could not record the final classification beside the AI triage',
            ),
          );
      }
      return closed;
    },
  };
}
