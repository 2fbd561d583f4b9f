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

/**
 * Registers the outbox handler (job type `post.soc`) that posts SIEM alert cards to every conversation registered for
 * SOC alerts ("register this channel for soc alerts"). Without one, the job fails at once with a
 * message that says how to register; the alert itself is in the register and the audit trail.
 */
export function registerSocPostHandler(app: {
  outbox: Outbox;
  directory: ConversationDirectoryStore;
  sender: ProactiveSender;
}): string {
  app.outbox.register(SOC_POST_JOB, async (payload) => {
    const { text, card } = payload as { text: string; card: Record<string, unknown> };
    const conversations = await app.directory.list('soc');
    if (conversations.length === 0) {
      throw new IntegrationError(
        'No conversation is registered for SOC alerts. In the SOC channel, say "register this channel for soc alerts".',
        { service: 'soc-teams', kind: 'not-found', retryable: false },
      );
    }
    for (const key of conversations) {
      await app.sender.send(key, {
        type: 'message',
        text,
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
      });
    }
    return { delivered: conversations.length };
  });
  return SOC_POST_JOB;
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
      const known = (await app.store.alerts.list()).some((alert) => alert.requestId === meta.idempotencyKey);
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
