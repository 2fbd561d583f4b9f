import type { SiemAlertFacts, SiemIntakeDeps } from '../channels/siem-intake/siem-intake-deps';
import { alertEnrichmentJob } from '../jobs/alert-enrichment-job';
import { socCardJob } from '../jobs/soc-card-job';
import { permittedRoles } from '../access/side-effects';
import { loadSkillRegistry, type SkillRegistry } from '../skills/skill-registry';
import { triageJob } from '../jobs/triage-job';
import { PgReplayGuard } from '../store/postgres/pg-replay-guard';
import { queueAudited } from './audited-queue';
import type { SocbotApp } from './create-app';
import type { OfferedNextStep } from './next-steps/next-step-advisor';
import { withNextStepsOnCard } from './next-steps/next-step-card';

/** The SIEM as the access policy and the audit trail see it. */
const SIEM_ACTOR = { id: 'system', name: 'siem' };

/**
 * The SIEM intake route's dependencies, implemented on the app: the alert goes into the register
 * once per SIEM delivery key (its priority raised to at least P2 for a business-critical system or
 * VIP user), its ticket and, for P1/P2, its escalation into the outbox (not awaited: the SIEM gets
 * its answer at once), the card into the outbox for the SOC conversations (job kind `post.soc`,
 * src/jobs/soc-card-job.ts), and for the priorities in SOCBOT_TRIAGE_PRIORITIES the AI triage
 * (`triage.alert`, src/jobs/triage-job.ts) when LLM_BASE_URL is set.
 */
export function createSiemIntakeDeps(app: SocbotApp): SiemIntakeDeps {
  const { backend } = app;
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
      const decided = actions.priorityFor({
        system: facts.system ?? '',
        username: facts.username ?? '',
        priority: facts.priority ?? 'P3',
      });
      const alert = await app.store.alerts.add({
        alertId: facts.alertId,
        terminal: facts.terminal ?? '',
        username: facts.username ?? '',
        system: facts.system ?? '',
        ...(facts.client ? { client: facts.client } : {}),
        // Kept on the alert: `socbot alerts` and the lifecycle show what the SIEM said it was.
        ...(facts.title ? { title: facts.title } : {}),
        ...(facts.description ? { description: facts.description } : {}),
        ...(facts.ip ? { ip: facts.ip } : {}),
        priority: decided.priority,
        ...(decided.raised
          ? { priorityRaisedFrom: decided.raised.from, priorityRaisedBecause: decided.raised.because }
          : {}),
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
          details: {
            source: meta.source,
            system: facts.system,
            priority: alert.priority,
            ...(alert.priorityRaisedBecause
              ? {
                  priorityRaisedFrom: alert.priorityRaisedFrom,
                  priorityRaisedBecause: alert.priorityRaisedBecause,
                }
              : {}),
            requestId: meta.idempotencyKey,
          },
        });
      }
      await actions.createTicket(alert);
      // The card goes at once; the verdict of the threat-intelligence sources follows it (issue 14).
      if (alert.ip && app.enrichesAlertIp(alert.ip)) {
        await queueAudited(
          app,
          alertEnrichmentJob,
          { ref: alert.ref, ip: alert.ip },
          { alertRef: alert.ref },
          { actor: SIEM_ACTOR },
        );
      }
      // Also on a retry: the escalation's jobs are keyed by alert, tier and recipient, so a retry
      // that finds them queued adds nothing, and one after a failure in between completes them.
      await actions.escalate(alert);
      // AI triage for the configured priorities (SOCBOT_TRIAGE_PRIORITIES); keyed by alert, so a
      // retry adds nothing. Its answer only fills a record and a card.
      if (app.triage.priorities.includes(alert.priority)) {
        await queueAudited(
          app,
          triageJob,
          { ref: alert.ref },
          { alertRef: alert.ref },
          { actor: SIEM_ACTOR },
        );
      }
      return { ref: alert.ref, created: !known };
    },
    async postAlertToSoc(post) {
      const { card, text } = withNextStepsOnCard(post.card, post.text, await channelNextSteps(app, post.ref));
      await queueAudited(
        app,
        socCardJob,
        { ref: post.ref, text, card },
        { alertRef: post.ref },
        { actor: SIEM_ACTOR },
      );
    },
    async audit(entry) {
      await app.audit.append(entry);
    },
    // With replicas, a replay that lands on another replica than the first delivery is caught too.
    ...(backend.kind === 'postgres'
      ? { replayGuard: (rememberMs: number) => new PgReplayGuard(backend.db, rememberMs) }
      : {}),
  };
}

let skills: Promise<SkillRegistry> | undefined;

/**
 * The next steps for a SIEM card: it goes to the whole SOC channel, so no one presser's roles are
 * known; only steps the analyst role may take are offered (whoever presses is checked again, as
 * for anything they say). None when next steps are not wired or cannot be worked out (logged): the
 * card goes out all the same.
 */
async function channelNextSteps(app: SocbotApp, ref: string): Promise<OfferedNextStep[]> {
  if (!app.nextSteps) return [];
  try {
    skills ??= loadSkillRegistry();
    const registry = await skills;
    const options = { analystsMayBlock: app.config.access.analystsMayBlock };
    return await app.nextSteps.offer(ref, {
      id: 'soc-channel',
      skills: registry.skills,
      mayUse: async (skill) =>
        skill.manifest.permission === undefined ||
        permittedRoles(skill.manifest.permission, options).includes('analyst'),
    });
  } catch (error) {
    skills = undefined;
    app.logger.error(
      { err: error, alertRef: ref },
      'could not work out the next steps for a SIEM alert card',
    );
    return [];
  }
}
