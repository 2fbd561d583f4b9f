import type { SiemAlertFacts, SiemIntakeDeps } from '../channels/siem-intake/siem-intake-deps';
import { IntegrationError } from '../integrations/integration-error';
import type { ProactiveSender } from '../integrations/notify/proactive-sender';
import type { Outbox } from '../outbox/outbox';
import type { ConversationDirectoryStore } from '../store/conversation-directory';
import type { JsonValue } from '../outbox/outbox-job';
import type { SocbotApp } from './create-app';
import { idempotencyKeyOf, SOC_POST_JOB } from './job-types';

/** The SIEM as the access policy and the audit trail see it. */
const SIEM_ACTOR = { id: 'system', name: 'siem' };

/** How many (idempotency key, conversation) card deliveries to remember; as the Teams notifier. */
const REMEMBERED_DELIVERIES = 10_000;

/**
 * Registers the outbox handler (job type `post.soc`) that posts SIEM alert cards to every conversation registered for
 * SOC alerts ("register this channel for soc alerts"). Without one, the job fails at once with a
 * message that says how to register; the alert itself is in the register and the audit trail.
 *
 * Each conversation is delivered on its own: one that fails (a stale Web Chat conversation, a
 * channel the bot was removed from) does not keep the card from the others, and a retry skips the
 * conversations that already got it (remembered per idempotency key in this process, like
 * src/integrations/notify/teams-notifier.ts; after a restart a retry may repeat a card: at least
 * once). The job fails when some conversation did not get the card, retryably only when some
 * failure was retryable.
 */
export function registerSocPostHandler(app: {
  outbox: Outbox;
  directory: ConversationDirectoryStore;
  sender: ProactiveSender;
}): string {
  const delivered = new Set<string>();
  const remember = (id: string): void => {
    delivered.add(id);
    // A Set iterates in insertion order: drop the oldest beyond the limit.
    for (const oldest of delivered) {
      if (delivered.size <= REMEMBERED_DELIVERIES) break;
      delivered.delete(oldest);
    }
  };
  app.outbox.register(SOC_POST_JOB, async (payload, context) => {
    const { text, card } = payload as { text: string; card: Record<string, unknown> };
    const conversations = await app.directory.list('soc');
    if (conversations.length === 0) {
      throw new IntegrationError(
        'No conversation is registered for SOC alerts. In the SOC channel, say "register this channel for soc alerts".',
        { service: 'soc-teams', kind: 'not-found', retryable: false },
      );
    }
    const activity = {
      type: 'message',
      text,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    };
    const failures: IntegrationError[] = [];
    let sent = 0;
    for (const key of conversations) {
      const id = `${context.idempotencyKey}|${key}`;
      if (delivered.has(id)) {
        sent += 1;
        continue;
      }
      if (context.signal.aborted) break;
      try {
        await app.sender.send(key, activity);
        remember(id);
        sent += 1;
      } catch (error) {
        failures.push(asSocPostFailure(error));
      }
    }
    if (sent === conversations.length) return { delivered: sent };
    const retryable = context.signal.aborted || failures.some((failure) => failure.retryable);
    // The failure that decides the outcome: a retryable one when the job is retried.
    const last =
      failures.filter((failure) => failure.retryable === retryable).pop() ?? failures[failures.length - 1];
    throw new IntegrationError(
      `soc-teams: ${conversations.length - sent} of ${conversations.length} SOC conversations did not get the alert card.${last ? ` ${last.message}` : ''}`,
      {
        service: 'soc-teams',
        kind: last?.kind ?? 'aborted',
        retryable,
        ...(last?.status !== undefined ? { status: last.status } : {}),
        ...(retryable && last?.retryAfterMs !== undefined ? { retryAfterMs: last.retryAfterMs } : {}),
      },
    );
  });
  return SOC_POST_JOB;
}

/** One conversation's failure; only the HTTP status of a connector error is kept (messages may quote tokens). */
function asSocPostFailure(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (status === 401 || status === 403) {
    return new IntegrationError(
      `Teams refused the bot (${status}) in a SOC conversation: check MicrosoftAppId and MicrosoftAppPassword, and that the bot is still installed there.`,
      { service: 'soc-teams', kind: 'auth', retryable: false, status },
    );
  }
  if (status === 404) {
    return new IntegrationError(
      'A conversation registered for SOC alerts is gone (404): register the SOC channel again.',
      { service: 'soc-teams', kind: 'not-found', retryable: false, status },
    );
  }
  return new IntegrationError(
    `A SOC conversation did not take the alert card${typeof status === 'number' ? ` (${status})` : ''}; socbot will try again.`,
    {
      service: 'soc-teams',
      kind: 'unavailable',
      retryable: true,
      ...(typeof status === 'number' ? { status } : {}),
    },
  );
}

/**
 * The SIEM intake route's dependencies, implemented on the app: the alert goes into the register
 * once per SIEM delivery key, its ticket into the outbox (not awaited: the SIEM gets its answer at
 * once), the card into the outbox for the SOC conversations.
 */
export function createSiemIntakeDeps(app: SocbotApp): SiemIntakeDeps {
  const actions = app.actionServices({
    actor: { id: SIEM_ACTOR.id, name: SIEM_ACTOR.name },
    conversationId: '',
    conversationKey: '',
    auditAs: SIEM_ACTOR,
  });
  return {
    async registerAlert(facts: SiemAlertFacts, meta) {
      // No early return for a known alert: a delivery that failed after registering it (before its
      // ticket was enqueued) is retried by the SIEM, and the retry must still enqueue the ticket.
      // Both steps are idempotent (the register by requestId, the outbox by idempotency key).
      const known = await app.store.alerts.hasRequest(meta.idempotencyKey);
      const alert = await app.store.alerts.add({
        alertId: facts.alertId,
        terminal: facts.terminal ?? '',
        username: facts.username ?? '',
        system: facts.system ?? '',
        ...(facts.client ? { client: facts.client } : {}),
        priority: facts.priority ?? 'P3',
        createdBy: meta.source,
        conversationId: '',
        requestId: meta.idempotencyKey,
      });
      if (!known) {
        await app.audit.append({
          actor: SIEM_ACTOR,
          action: 'command',
          summary: `register alert ${facts.alertId} from ${meta.source}`,
          result: 'registered',
          alertRef: alert.ref,
          details: { source: meta.source, system: facts.system, priority: alert.priority },
        });
      }
      await actions.createTicket(alert);
      return { ref: alert.ref, created: !known };
    },
    async postAlertToSoc(post) {
      await app.outbox.enqueue({
        type: SOC_POST_JOB,
        idempotencyKey: idempotencyKeyOf(post.ref, SOC_POST_JOB),
        payload: JSON.parse(JSON.stringify({ ref: post.ref, text: post.text, card: post.card })) as JsonValue,
        origin: { alertRef: post.ref },
      });
    },
    async audit(entry) {
      await app.audit.append(entry);
    },
  };
}
