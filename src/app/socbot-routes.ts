import { basisAckRoute } from '../channels/basis-ack/basis-ack-route';
import type { BasisAckDeps } from '../channels/basis-ack/basis-ack-deps';
import { DIRECTLINE_BOT_ACCOUNT, DIRECTLINE_SERVICE_URL } from '../channels/directline/client-activity';
import { escalationAckRoute } from '../channels/escalation-ack/escalation-ack-route';
import type { EscalationAckDeps } from '../channels/escalation-ack/escalation-ack-deps';
import { siemIntakeRoute } from '../channels/siem-intake/siem-intake-route';
import type { RouteMount } from '../channels/start-server';
import type { Config } from '../config';
import { IntegrationError } from '../integrations/integration-error';
import type { SocbotApp } from './create-app';
import { createSiemIntakeDeps } from './siem-intake-wiring';

/**
 * socbot's extra server routes, wired to the app (built by the server's bot factory, so it is read
 * when the routes are mounted): proactive messages into the built-in Web Chat's conversations, the
 * SIEM intake (`POST /api/alerts`, `config.siem.secret`), the Basis acknowledge link
 * (`/api/basis/ack`, `config.integrations.basisAckSecret`) and the escalation acknowledge link
 * (`/api/escalation/ack`, the same secret); both secrets were checked by loadConfig.
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
      // Web Chat conversations live in this process: a late outcome is appended for the next poll.
      app.sender.attach(DIRECTLINE_SERVICE_URL, async (reference, activity) => {
        const stored = conversations.append(reference.conversation.id, {
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
