import { isSocbotError } from '../../src/errors';
import { createIntegrations } from '../../src/integrations/create-integrations';
import { loadIntegrationConfig } from '../../src/integrations/integration-config';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, ctx, NOTICE } from './fixtures';
import { startServiceNowStandIn } from './stand-ins/servicenow-stand-in';
import { startWebhookReceiver } from './stand-ins/webhook-receiver';

const SECRET = 'factory-secret-0123456789';
const NOTIFY_ENV = {
  PUBLIC_BASE_URL: 'https://socbot.example.com',
  BASIS_ACK_SECRET: SECRET,
  SMTP_URL: 'smtp://127.0.0.1:1',
  SMTP_FROM: 'socbot@example.com',
};

describe('createIntegrations', () => {
  const { logger } = createCapturedLogger();

  it('builds nothing but empty lists by default', () => {
    const integrations = createIntegrations(loadIntegrationConfig({}), { logger });
    expect(integrations.ticketing).toBeUndefined();
    expect(integrations.blocking).toEqual([]);
    expect(integrations.notifiersFor('P1')).toEqual([]);
  });

  it('wires configured providers that work end to end', async () => {
    const servicenow = await startServiceNowStandIn('socbot', SECRET);
    const nac = await startWebhookReceiver(SECRET);
    try {
      const integrations = createIntegrations(
        loadIntegrationConfig({
          TICKETING: 'servicenow',
          SERVICENOW_URL: servicenow.url,
          SERVICENOW_USER: 'socbot',
          SERVICENOW_PASSWORD: SECRET,
          BLOCK: 'webhook,scim',
          BLOCK_WEBHOOK_URL: nac.url,
          BLOCK_WEBHOOK_SECRET: SECRET,
          SCIM_URL: 'https://idp.example.com/scim/v2',
          SCIM_TOKEN: 't',
          INTEGRATION_TIMEOUT_MS: '2000',
        }),
        { logger },
      );
      await expect(integrations.ticketing?.createTicket(ALERT, ctx())).resolves.toMatchObject({
        number: 'INC0010001',
      });
      expect(integrations.blocking.map((provider) => provider.name)).toEqual(['webhook', 'scim']);
      await expect(
        integrations.blocking[0]!.block({ terminal: 'PC-0815', alertRef: 'r', requestedBy: 'a' }, ctx()),
      ).resolves.toMatchObject({
        outcome: 'requested',
      });
      expect(nac.accepted).toHaveLength(1);
    } finally {
      await servicenow.close();
      await nac.close();
    }
  });

  it('P1/P2 add the leads notifiers to the Basis ones', () => {
    const sent: string[] = [];
    const integrations = createIntegrations(
      loadIntegrationConfig({
        ...NOTIFY_ENV,
        BASIS_NOTIFY: 'teams,webhook',
        BASIS_WEBHOOK_URL: 'https://hooks.example.com/basis',
        LEADS_NOTIFY: 'email',
        LEADS_EMAIL_TO: 'leads@example.com',
      }),
      {
        logger,
        teams: {
          delivery: { deliver: async (key) => void sent.push(key) },
          conversations: { list: async () => ['c1'] },
        },
      },
    );
    const describe = (priority: 'P1' | 'P2' | 'P3') =>
      integrations.notifiersFor(priority).map((notifier) => `${notifier.audience}:${notifier.channel}`);
    // A Basis request tells Basis only: the leads hear of P1/P2 from the escalation (src/app/escalation.ts).
    expect(describe('P1')).toEqual(['basis:teams', 'basis:webhook']);
    expect(describe('P2')).toEqual(['basis:teams', 'basis:webhook']);
    expect(describe('P3')).toEqual(['basis:teams', 'basis:webhook']);
    expect(integrations.leadsNotifiers.map((notifier) => notifier.recipient)).toEqual(['leads:email']);
  });

  it('teams without a Teams connection is a configuration error that says what to do', async () => {
    const config = loadIntegrationConfig({ BASIS_NOTIFY: 'teams' });
    let error: unknown;
    try {
      createIntegrations(config, { logger });
    } catch (caught) {
      error = caught;
    }
    expect(isSocbotError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('BASIS_NOTIFY');
    // And with one, the Teams notifier delivers through it.
    const sent: string[] = [];
    const integrations = createIntegrations(config, {
      logger,
      teams: {
        delivery: { deliver: async (key) => void sent.push(key) },
        conversations: { list: async () => ['basis-channel'] },
      },
    });
    await integrations.basisNotifiers[0]!.notify(NOTICE, ctx());
    expect(sent).toEqual(['basis-channel']);
  });
});
