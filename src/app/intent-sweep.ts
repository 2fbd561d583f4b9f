import type { Logger } from '../logger';
import type { ActionIntentStore } from '../store/action-intent-store';
import type { ActionIntent } from '../store/action-intents';
import type { SharedTurnLock } from '../store/turn-lock';

/** What the sweep needs: the shared journal, the shared turn lock, and how to replay one intent. */
export interface IntentSweepDeps {
  intents: Pick<ActionIntentStore, 'unfinished'>;
  lock: Pick<SharedTurnLock, 'tryRun'>;
  /** Replays one cut-off intent with its request id and marks it finished (replayIntentList); false when it failed and stays begun. */
  replay(intent: ActionIntent): Promise<boolean>;
  logger: Logger;
}

export interface IntentSweepOptions {
  /** Only intents begun at least this long ago (default 30 s): a live turn's own intent is younger, mostly. */
  begunMsAgo?: number;
  /** At most this many replays per sweep (default 20): a backlog is worked off over several sweeps. */
  most?: number;
}

/** What one sweep did, by request id. */
export interface IntentSweepResult {
  replayed: string[];
  /** A turn of the conversation holds its lock: the intent's turn may be alive; tried again next sweep. */
  busy: string[];
}

const DEFAULT_BEGUN_MS_AGO = 30_000;
const DEFAULT_MOST = 20;

/**
 * One sweep for confirmed actions cut off by a replica that died (issue 15): the intents begun at
 * least `begunMsAgo` ago and still unfinished are replayed, each only under its conversation's
 * turn lock taken without waiting (`tryRun`). A live turn holds that lock from before it begins an
 * intent until after it finishes it, so an intent whose lock is free has no live turn: its replica
 * died, or its `finish` failed. Under the lock the intent is looked up again: another replica's
 * sweep may have finished it meanwhile, so each is replayed once. The replay keeps the request id:
 * what the dead replica did already is found, not repeated.
 *
 * @example
 *   const { replayed } = await sweepCutOffIntents({ intents, lock, replay, logger }, { begunMsAgo: 30_000 });
 */
export async function sweepCutOffIntents(
  deps: IntentSweepDeps,
  options: IntentSweepOptions = {},
): Promise<IntentSweepResult> {
  const begunMsAgo = options.begunMsAgo ?? DEFAULT_BEGUN_MS_AGO;
  const candidates = (await deps.intents.unfinished({ begunMsAgo })).slice(0, options.most ?? DEFAULT_MOST);
  const result: IntentSweepResult = { replayed: [], busy: [] };
  // One at a time: a sweep is rare work, and it must not take many lock connections from turns.
  for (const intent of candidates) {
    const outcome = await deps.lock.tryRun(turnLockKeyOf(intent), async () => {
      const open = await deps.intents.unfinished({ begunMsAgo });
      if (!open.some((candidate) => candidate.requestId === intent.requestId)) return false;
      return deps.replay(intent);
    });
    if (!outcome.ran) result.busy.push(intent.requestId);
    else if (outcome.value) result.replayed.push(intent.requestId);
  }
  if (result.replayed.length > 0)
    deps.logger.info(
      { replayed: result.replayed },
      'confirmed actions a stopped replica left unfinished were finished here',
    );
  return result;
}

/**
 * Sweeps every `everyMs` (default 10 s) until the returned stop is called; a sweep that fails is
 * logged and the next one tries again. Sweeps never overlap. `stop()` waits for a sweep under way.
 *
 * @example
 *   const stop = startIntentSweep(deps, { everyMs: 10_000, begunMsAgo: 30_000 });
 *   await stop();
 */
export function startIntentSweep(
  deps: IntentSweepDeps,
  options: IntentSweepOptions & { everyMs?: number } = {},
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepCutOffIntents(deps, options)
      .then(() => undefined)
      .catch((error: unknown) => {
        deps.logger.error(
          { err: error },
          'could not sweep for confirmed actions a stopped replica left unfinished',
        );
      })
      .finally(() => (running = undefined));
  }, options.everyMs ?? 10_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The key the channel edge queues the intent's conversation under (the activity's conversation id). */
export function turnLockKeyOf(intent: ActionIntent): string {
  return intent.conversationId !== '' ? intent.conversationId : `intent ${intent.requestId}`;
}
