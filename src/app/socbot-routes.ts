import { basisAckRoute } from '../channels/basis-ack/basis-ack-route';
import type { BasisAckDeps } from '../channels/basis-ack/basis-ack-deps';
import { DIRECTLINE_BOT_ACCOUNT, DIRECTLINE_SERVICE_URL } from '../channels/directline/client-activity';
import { escalationAckRoute } from '../channels/escalation-ack/escalation-ack-route';
import type { EscalationAckDeps } from '../channels/escalation-ack/escalation-ack-deps';
import { siemIntakeRoute } from '../channels/siem-intake/siem-intake-route';
import {
  incidentPageRoute,
  type IncidentPageDeps,
  type RoomViewer,
} from '../channels/webchat/incident-page-route';
import type { Actor } from '../access/actor';
import { auditActorOf } from '../conversation/turn-actor';
import type { RouteMount } from '../channels/start-server';
import type { Config } from '../config';
import { IntegrationError } from '../integrations/integration-error';
import type { SocbotApp } from './create-app';
import { createSiemIntakeDeps } from './siem-intake-wiring';
import { metricsRoute } from '../metrics/metrics-route';

/**
 * socbot's extra server routes, wired to the app (built by the server's bot factory, so it is read
 * when the routes are mounted): proactive messages into the built-in Web Chat's conversations, the
 * SIEM intake (`POST /api/alerts`, `config.siem.secret`), the Basis acknowledge link
 * (`/api/basis/ack`, `config.integrations.basisAckSecret`) and the escalation acknowledge link
 * (`/api/escalation/ack`, the same secret); both secrets were checked by loadConfig;
 * the incident rooms' shared Web Chat pages (`/incidents/:ref`); and the app's Prometheus metrics
 * (`GET /metrics`, METRICS_TOKEN or loopback clients only: src/metrics/).
 */
export function socbotRoutes(getApp: () => SocbotApp | undefined, config: Config): RouteMount[] {
  const withApp =
    (mount: (app: SocbotApp) => RouteMount): RouteMount =>
    (server, context) => {
      const app = getApp();
      if (!app)
        throw new Error('socbot routes were mounted before the bot was built; this is a bug in serve.');
      mount(app)(server, context);
    };
  return [
    withApp((app) => (_server, context) => {
      const conversations = context.webChat?.conversations;
      if (!conversations) return;
      // Web Chat conversations live in this process (or the shared database): a late outcome is
      // appended for the next poll.
      app.sender.attach(DIRECTLINE_SERVICE_URL, async (reference, activity) => {
        const stored = await conversations.append(reference.conversation.id, {
          ...activity,
          from: { ...DIRECTLINE_BOT_ACCOUNT },
          ...(reference.user ? { recipient: reference.user } : {}),
        });
        if (!stored) {
          throw new IntegrationError(
            'The Web Chat conversation has ended (the page was closed or the server restarted); the outcome is in the audit trail.',
            { service: 'webchat', kind: 'not-found', retryable: false },
          );
        }
      });
    }),
    withApp((app) => siemIntakeRoute(createSiemIntakeDeps(app), { secret: config.siem.secret })),
    withApp((app) => incidentPageRoute(incidentPageDepsOf(app), config.webChat)),
    withApp((app) => metricsRoute(app.metrics, config.metrics)),
    withApp((app) =>
      basisAckRoute(basisAckDepsOf(app), {
        secret: config.integrations.basisAckSecret,
        ttlHours: config.integrations.basisAckTtlHours,
      }),
    ),
    withApp((app) =>
      escalationAckRoute(escalationAckDepsOf(app), {
        secret: config.integrations.basisAckSecret,
        ttlHours: config.integrations.basisAckTtlHours,
      }),
    ),
  ];
}

/**
 * The incident page's dependencies: a viewer joins as a Web Chat turn of theirs would act (the
 * local user only where Web Chat turns are local), with the analyst or lead role; opening the page
 * of an incident without a room opens it.
 */
function incidentPageDepsOf(app: SocbotApp): IncidentPageDeps {
  const local = app.isLocalTurn({ transport: 'directline', serviceUrl: DIRECTLINE_SERVICE_URL });
  const actorOf = (viewer: RoomViewer): Actor => ({ id: viewer.id, name: viewer.name ?? viewer.id, local });
  return {
    async mayJoin(viewer) {
      const actor = actorOf(viewer);
      const decision = app.authorize(actor, 'investigate_alert');
      if (decision.allowed) return { allowed: true };
      await app.audit.append({
        actor: auditActorOf(actor, decision.roles),
        action: 'refusal',
        summary: 'join an incident room (shared Web Chat page)',
        result: `refused: ${decision.code}`,
        details: { reason: decision.reason },
      });
      return { allowed: false, reason: decision.reason };
    },
    async conversationOf(ref, viewer) {
      const alert = await app.store.alerts.view(ref);
      if (!alert) return undefined;
      const { opened } = await app.rooms.open(alert.ref, { id: viewer.id, name: viewer.name ?? viewer.id });
      const conversationId = await app.rooms.webChatOf(alert.ref);
      if (opened) {
        // On the incident's timeline like an "investigate" in chat.
        const actor = actorOf(viewer);
        await app.audit.append({
          actor: auditActorOf(actor, app.rolesOf(actor)),
          action: 'command',
          summary: `open the investigation room for ${alert.ref} (shared Web Chat page)`,
          result: 'opened',
          alertRef: alert.ref,
        });
      }
      return { ref: alert.ref, conversationId };
    },
  };
}

/** The escalation acknowledge route's dependencies: the app's escalation. */
function escalationAckDepsOf(app: SocbotApp): EscalationAckDeps {
  return {
    recipientOfTag: (tag) => app.escalation.recipientOfTag(tag),
    async acknowledge(ref, recipient, how) {
      const [audience] = recipient.split(':');
      const outcome = await app.escalation.acknowledge({
        ref,
        by: recipient,
        via: 'link',
        // The link's holder, named by the recipient it was sent to (checked as configured now).
        actor: { id: 'escalation-ack-link', name: recipient, ...(audience ? { role: audience } : {}) },
        details: { ip: how.ip },
      });
      return outcome.status === 'already-acknowledged'
        ? { status: outcome.status, by: outcome.ack.by }
        : { status: outcome.status };
    },
    async audit(entry) {
      await app.audit.append(entry);
    },
  };
}

/** Who the audit trail names for an acknowledgement by signed link: whoever holds the link. */
const ACK_LINK_ACTOR = { id: 'basis-ack-link', name: 'Basis team (acknowledge link)', role: 'basis' };

/** The acknowledge route's dependencies: the same acknowledgement as the Teams card button. */
function basisAckDepsOf(app: SocbotApp): BasisAckDeps {
  return {
    async acknowledge(ref, how) {
      const outcome = await app.basisAcknowledgement.acknowledge({
        ref,
        by: ACK_LINK_ACTOR,
        via: how.via,
        ...(how.ip ? { details: { ip: how.ip } } : {}),
      });
      return outcome.status === 'unknown-alert' ? { status: 'not-found' } : { status: outcome.status };
    },
    async audit(entry) {
      await app.audit.append(entry);
    },
  };
}
