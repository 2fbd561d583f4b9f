import { SocbotError } from '../errors';
import type { Logger } from '../logger';
import type { AlertPriority } from './alert-facts';
import type { BlockingProvider } from './blocking/blocking-provider';
import { createScimBlocking } from './blocking/scim-blocking';
import { createWebhookBlocking } from './blocking/webhook-blocking';
import type { IntegrationConfig, NotifyTargets } from './integration-config';
import type { NoticeAudience } from './notify/basis-notice';
import { createEmailNotifier } from './notify/email-notifier';
import { noticeAudiences } from './notify/notice-audiences';
import type { Notifier } from './notify/notifier';
import type { ConversationDirectory, ProactiveDelivery } from './notify/proactive-delivery';
import { createSmsNotifier } from './notify/sms-notifier';
import { createTeamsNotifier } from './notify/teams-notifier';
import { createWebhookNotifier } from './notify/webhook-notifier';
import { createJiraTicketing } from './ticketing/jira-ticketing';
import { createServiceNowTicketing } from './ticketing/servicenow-ticketing';
import { createTheHiveTicketing } from './ticketing/thehive-ticketing';
import type { TicketingProvider } from './ticketing/ticketing-provider';
import { createWebhookTicketing } from './ticketing/webhook-ticketing';

/** What the integrations need from the rest of socbot. */
export interface IntegrationDeps {
  logger: Logger;
  /** Needed when BASIS_NOTIFY or LEADS_NOTIFY includes `teams` (implemented in src/channels/). */
  teams?: { delivery: ProactiveDelivery; conversations: ConversationDirectory };
}

/** The configured providers, each a set of single-attempt operations for the outbox to call. */
export interface Integrations {
  /** Absent when TICKETING=none (the local register is the only record). */
  ticketing?: TicketingProvider;
  /** Every configured blocking provider, in BLOCK order (webhook before scim). */
  blocking: BlockingProvider[];
  basisNotifiers: Notifier[];
  /** LEADS_NOTIFY: one notifier per channel, and one per number for SMS (escalation). */
  leadsNotifiers: Notifier[];
  /** EXEC_NOTIFY: the executives' notifiers, likewise (escalation). */
  execNotifiers: Notifier[];
  /** Who a Basis request tells: the Basis notifiers (the leads hear of P1/P2 from the escalation). */
  notifiersFor(priority: AlertPriority): Notifier[];
}

/**
 * Builds the providers the configuration chooses.
 *
 * @example
 *   const integrations = createIntegrations(loadIntegrationConfig(), { logger, teams: { delivery, conversations } });
 *   const ticket = await integrations.ticketing?.createTicket(alert, { idempotencyKey: job.id, signal });
 *   for (const notifier of integrations.notifiersFor(alert.priority)) await notifier.notify(notice(notifier.audience), ctx);
 */
export function createIntegrations(config: IntegrationConfig, deps: IntegrationDeps): Integrations {
  const { logger } = deps;
  const timeoutMs = config.timeoutMs;
  const ticketing = createTicketing(config, logger);
  const blocking = config.blocking.map((block) =>
    block.provider === 'webhook'
      ? createWebhookBlocking({ url: block.url, secret: block.secret, timeoutMs, logger })
      : createScimBlocking({ url: block.url, token: block.token, timeoutMs, logger }),
  );
  const basisNotifiers = createNotifiers('basis', config.basis, config, deps);
  const leadsNotifiers = createNotifiers('leads', config.leads, config, deps);
  const execNotifiers = createNotifiers('exec', config.exec, config, deps);
  const byAudience = { basis: basisNotifiers, leads: leadsNotifiers, exec: execNotifiers };
  return {
    ...(ticketing ? { ticketing } : {}),
    blocking,
    basisNotifiers,
    leadsNotifiers,
    execNotifiers,
    notifiersFor: (priority) => noticeAudiences(priority).flatMap((audience) => byAudience[audience]),
  };
}

function createTicketing(config: IntegrationConfig, logger: Logger): TicketingProvider | undefined {
  const t = config.ticketing;
  const timeoutMs = config.timeoutMs;
  switch (t.provider) {
    case 'none':
      return undefined;
    case 'servicenow':
      return createServiceNowTicketing({ url: t.url, user: t.user, password: t.password, timeoutMs, logger });
    case 'jira':
      return createJiraTicketing({ ...t, timeoutMs, logger });
    case 'thehive':
      return createTheHiveTicketing({ url: t.url, apiKey: t.apiKey, timeoutMs, logger });
    case 'webhook':
      return createWebhookTicketing({ url: t.url, secret: t.secret, timeoutMs, logger });
  }
}

function createNotifiers(
  audience: NoticeAudience,
  targets: NotifyTargets,
  config: IntegrationConfig,
  deps: IntegrationDeps,
): Notifier[] {
  const { logger } = deps;
  const timeoutMs = config.timeoutMs;
  const notifiers: Notifier[] = [];
  // loadIntegrationConfig refuses EXEC_NOTIFY=teams: executives register no Teams channel.
  if (targets.teams && audience !== 'exec') {
    if (!deps.teams) {
      throw new SocbotError(
        'CONFIG_INVALID',
        `${audience.toUpperCase()}_NOTIFY includes teams, but this process has no Teams connection to send from (run \`socbot serve\` with MicrosoftAppId set), or remove teams from ${audience.toUpperCase()}_NOTIFY.`,
        { problems: [`${audience.toUpperCase()}_NOTIFY: teams needs the Bot Framework channel`] },
      );
    }
    notifiers.push(
      createTeamsNotifier({ audience, ...deps.teams, ...(config.ack ? { ack: config.ack } : {}), logger }),
    );
  }
  // loadIntegrationConfig guarantees ack (and smtp for e-mail) whenever these targets are set.
  if (targets.webhook && config.ack) {
    notifiers.push(
      createWebhookNotifier({ audience, url: targets.webhook.url, ack: config.ack, timeoutMs, logger }),
    );
  }
  if (targets.email && config.ack && config.smtp) {
    notifiers.push(
      createEmailNotifier({
        audience,
        smtpUrl: config.smtp.url,
        from: config.smtp.from,
        to: targets.email.to,
        ack: config.ack,
        timeoutMs,
        logger,
      }),
    );
  }
  if (targets.sms && config.ack && config.twilio && audience !== 'basis') {
    for (const to of targets.sms.to) {
      notifiers.push(
        createSmsNotifier({ audience, to, twilio: config.twilio, ack: config.ack, timeoutMs, logger }),
      );
    }
  }
  return notifiers;
}
