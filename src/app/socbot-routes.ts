import type { Activity } from 'botbuilder';
import { DIRECTLINE_BOT_ACCOUNT, DIRECTLINE_SERVICE_URL } from '../channels/directline/client-activity';
import { siemIntakeRoute } from '../channels/siem-intake/siem-intake-route';
import type { RouteMount } from '../channels/start-server';
import { IntegrationError } from '../integrations/integration-error';
import type { SocbotApp } from './create-app';
import { createSiemIntakeDeps, registerSocPostHandler } from './siem-intake-wiring';

/**
 * socbot's extra server routes, wired to the app (built by the server's bot factory, so it is read
 * when the routes are mounted): proactive messages into the built-in Web Chat's conversations, the
 * SIEM intake (`POST /api/alerts`, SIEM_WEBHOOK_SECRET).
 */
export function socbotRoutes(getApp: () => SocbotApp | undefined, env: NodeJS.ProcessEnv): RouteMount[] {
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
      app.sender.attach(DIRECTLINE_SERVICE_URL, async (reference, activity: Partial<Activity>) => {
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
    withApp((app) => {
      registerSocPostHandler(app);
      return siemIntakeRoute(createSiemIntakeDeps(app), { secret: env.SIEM_WEBHOOK_SECRET });
    }),
  ];
}
