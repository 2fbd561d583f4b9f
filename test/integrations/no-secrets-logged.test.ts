import { createIntegrations } from '../../src/integrations/create-integrations';
import { loadIntegrationConfig } from '../../src/integrations/integration-config';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, BLOCK, ctx, NOTICE, TEST_TIMEOUT_MS } from './fixtures';
import { startScimStandIn } from './stand-ins/scim-stand-in';
import { startServiceNowStandIn } from './stand-ins/servicenow-stand-in';
import { startSmtpStandIn } from './stand-ins/smtp-stand-in';
import type { RecordedRequest, StandIn } from './stand-ins/stand-in-server';
import { startWebhookReceiver } from './stand-ins/webhook-receiver';

const SECRETS = {
  servicenowPassword: 'SECRET-sn-password-0001',
  scimToken: 'SECRET-scim-token-0002',
  webhookSecret: 'SECRET-webhook-secret-0003',
  ackSecret: 'SECRET-ack-secret-00004',
  smtpPassword: 'SECRET-smtp-password-05',
  workflowSig: 'SECRET-workflow-sig-0006',
};

async function lastRequestOf(standIn: StandIn): Promise<RecordedRequest> {
  const last = standIn.requests.at(-1);
  if (!last) throw new Error('the stand-in received nothing');
  return last;
}

/**
 * Every provider configured at once, driven through success and failure (500 echoing the
 * service's own secret, 401 echoing the Authorization header, timeout) at debug level: no secret may appear in any captured log line or message.
 */
describe('no secret in any log line or error message', () => {
  const standIns: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(standIns.map((standIn) => standIn.close()));
  });

  it('holds for every provider, on success and on failure', async () => {
    const log = createCapturedLogger('trace');
    const servicenow = await startServiceNowStandIn('socbot', SECRETS.servicenowPassword);
    const scim = await startScimStandIn(SECRETS.scimToken, [{ id: 'u1', userName: 'DDIC', active: true }]);
    const nac = await startWebhookReceiver(SECRETS.webhookSecret);
    const workflow = await startWebhookReceiver(undefined);
    const smtp = await startSmtpStandIn('socbot', SECRETS.smtpPassword);
    standIns.push(servicenow, scim, nac, workflow, smtp);

    const integrations = createIntegrations(
      loadIntegrationConfig({
        TICKETING: 'servicenow',
        SERVICENOW_URL: servicenow.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD: SECRETS.servicenowPassword,
        BLOCK: 'webhook,scim',
        BLOCK_WEBHOOK_URL: nac.url,
        WEBHOOK_SECRET: SECRETS.webhookSecret,
        SCIM_URL: `${scim.url}/scim/v2`,
        SCIM_TOKEN: SECRETS.scimToken,
        BASIS_NOTIFY: 'webhook,email',
        BASIS_WEBHOOK_URL: `${workflow.url}/invoke?sig=${SECRETS.workflowSig}`,
        BASIS_EMAIL_TO: 'basis@example.com',
        SMTP_URL: smtp.url,
        SMTP_FROM: 'socbot@example.com',
        PUBLIC_BASE_URL: 'https://socbot.example.com',
        BASIS_ACK_SECRET: SECRETS.ackSecret,
        INTEGRATION_TIMEOUT_MS: String(TEST_TIMEOUT_MS),
      }),
      { logger: log.logger },
    );
    const errors: unknown[] = [];
    const attempt = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        errors.push(error);
        log.logger.error({ err: error }, 'attempt failed');
      }
    };
    // A service may echo what it knows: its own credential, or the Authorization header it got.
    const echoOwn = (secret: string) => ({ answer: { status: 500, body: { error: `rejected ${secret}` } } });
    const everyStandIn: StandIn[] = [servicenow, scim, nac, workflow];
    const runAll = async () => {
      await attempt(() => integrations.ticketing!.createTicket(ALERT, ctx()));
      for (const provider of integrations.blocking) await attempt(() => provider.block(BLOCK, ctx()));
      for (const notifier of integrations.basisNotifiers) await attempt(() => notifier.notify(NOTICE, ctx()));
    };

    await runAll(); // success
    servicenow.script(echoOwn(SECRETS.servicenowPassword));
    scim.script(echoOwn(SECRETS.scimToken));
    nac.script(echoOwn(SECRETS.webhookSecret));
    workflow.script(echoOwn(SECRETS.workflowSig));
    smtp.script({ reply: 'error', code: 554, message: `rejected ${SECRETS.smtpPassword}` });
    await runAll(); // 500s echoing the secret the service knows
    const echoAuthorization = (request: RecordedRequest) => ({
      status: 401,
      body: { error: `bad credentials: ${String(request.headers.authorization)}` },
    });
    servicenow.script({ answer: echoAuthorization(await lastRequestOf(servicenow)) });
    scim.script({ answer: echoAuthorization(await lastRequestOf(scim)) });
    await runAll(); // 401s echoing the Authorization header
    for (const standIn of everyStandIn) standIn.script({ hang: true });
    smtp.script({ reply: 'hang' });
    await runAll(); // timeouts

    expect(errors.length).toBeGreaterThanOrEqual(12);
    expect(smtp.mails.length).toBeGreaterThanOrEqual(1);
    const everything = [
      log.text(),
      ...errors.map((error) => `${(error as Error).message} ${JSON.stringify(error)}`),
    ].join('\n');
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}|Bearer [A-Za-z0-9-]{8,}/);
  });
});
