import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createSiemIntakeDeps } from '../../src/app/siem-intake-wiring';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import { auditFilePath } from '../../src/audit/audit-log';
import type { SiemAlertFacts } from '../../src/channels/siem-intake/siem-intake-deps';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { testConfig } from '../helpers/test-config';
import { eventually } from '../outbox/outbox-test-kit';
import { formOf, startTwilioStandIn, type TwilioStandIn } from '../integrations/stand-ins/twilio-stand-in';
import { startWebhookReceiver, type WebhookReceiver } from '../integrations/stand-ins/webhook-receiver';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'twilio-auth-token-0123456789';
const LEAD_PHONE = '+4915111111111';
const EXEC_PHONE = '+4915222222222';
/** SOCBOT_ESCALATE_AFTER_MINUTES in these tests: 0.02 min = 1.2 s. */
const AFTER_MS = 1200;

/**
 * The escalation on the app: what POST /api/alerts registers (createSiemIntakeDeps, as the route
 * calls it) reaches the leads and executives at once or after the delay, through the outbox, with
 * a Twilio stand-in for SMS and a Teams Workflows stand-in for the leads' webhook.
 */
describe('P1/P2 escalation on the app', () => {
  let dataDir: string;
  let twilio: TwilioStandIn;
  let leadsWebhook: WebhookReceiver;
  const apps: SocbotApp[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-escalation-'));
    twilio = await startTwilioStandIn(SID, TOKEN);
    leadsWebhook = await startWebhookReceiver(undefined);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await twilio.close();
    await leadsWebhook.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function appOn(env: NodeJS.ProcessEnv = {}): SocbotApp {
    const loaded = loadConfig({
      LEADS_NOTIFY: 'sms,webhook',
      LEADS_SMS_TO: LEAD_PHONE,
      LEADS_WEBHOOK_URL: `${leadsWebhook.url}/workflows/leads`,
      EXEC_NOTIFY: 'sms',
      EXEC_SMS_TO: EXEC_PHONE,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+15017122661',
      TWILIO_API_URL: twilio.url,
      PUBLIC_BASE_URL: 'https://socbot.example.com',
      BASIS_ACK_SECRET: 'ack-secret-0123456789abcdef',
      SOCBOT_ESCALATE_AFTER_MINUTES: String(AFTER_MS / 60_000),
      ...env,
    });
    const app = createApp({
      config: testConfig({
        ...loaded,
        dataDir,
        access: accessConfigOf({ lead: ['lea'] }),
      }),
      logger: createLogger({ level: 'silent' }),
      ackWindowMs: 0,
      outbox: {
        pollIntervalMs: 50,
        retryPolicy: { minDelayMs: 50, maxDelayMs: 100, factor: 1, jitter: false },
      },
    });
    apps.push(app);
    return app;
  }

  const fromSiem = (app: SocbotApp, facts: Partial<SiemAlertFacts>, key = 'splunk:4711') =>
    createSiemIntakeDeps(app).registerAlert(
      {
        alertId: '4711',
        system: 'PRD',
        username: 'DDIC',
        terminal: 'PC-0815',
        title: 'Brute force',
        source: 'splunk',
        ...facts,
      },
      { source: 'splunk', idempotencyKey: key },
    );
  const smsTo = (phone: string) => twilio.messages.filter((message) => message.to === phone);
  const timerOf = async (app: SocbotApp) =>
    (await app.outbox.list()).find((job) => job.type === 'escalate.next');
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const noticeTo = async (app: SocbotApp, tier: 'first' | 'reminder', recipient: string) =>
    (await app.outbox.list()).find((job) => {
      const payload = job.payload as { recipient?: string; notice?: { escalation?: { tier?: string } } };
      return (
        job.type === 'escalate.notice' &&
        payload.recipient === recipient &&
        payload.notice?.escalation?.tier === tier
      );
    });
  /** Twilio answers the next SMS to `phone` with 429, try again in 1 s: time to acknowledge or close. */
  const busyOnceFor = (phone: string) =>
    twilio.script({
      when: (request) => request.method === 'POST' && formOf(request).get('To') === phone,
      answer: { status: 429, headers: { 'Retry-After': '1' }, body: { code: 20429, status: 429 } },
    });
  const triedSmsTo = (phone: string) =>
    twilio.requests.some((request) => request.method === 'POST' && formOf(request).get('To') === phone);

  it('P1: leads and executives at once, both again when nobody acknowledged within the delay', async () => {
    const app = appOn();
    await app.start();
    const registeredAt = Date.now();
    const { ref } = await fromSiem(app, { priority: 'P1' });

    await eventually(
      () =>
        smsTo(LEAD_PHONE).length === 1 &&
        smsTo(EXEC_PHONE).length === 1 &&
        leadsWebhook.accepted.length === 1,
      5000,
    );
    expect(smsTo(LEAD_PHONE)[0]?.body).toContain(`P1 ${ref} on PRD: Brute force.`);
    expect(smsTo(EXEC_PHONE)[0]?.body).not.toContain('NOT ACKNOWLEDGED');

    await eventually(
      () =>
        smsTo(LEAD_PHONE).length === 2 &&
        smsTo(EXEC_PHONE).length === 2 &&
        leadsWebhook.accepted.length === 2,
      8000,
    );
    expect(Date.now() - registeredAt).toBeGreaterThanOrEqual(AFTER_MS);
    expect(smsTo(EXEC_PHONE)[1]?.body).toMatch(/^NOT ACKNOWLEDGED for 0 min\. socbot P1/);
    expect(await timerOf(app)).toMatchObject({
      status: 'succeeded',
      result: { outcome: 'escalated', queued: 3 },
    });
  });

  it('P2: leads at once, executives only after the delay', async () => {
    const app = appOn();
    await app.start();
    await fromSiem(app, { priority: 'P2' });
    await eventually(() => smsTo(LEAD_PHONE).length === 1 && leadsWebhook.accepted.length === 1, 5000);
    expect(smsTo(EXEC_PHONE)).toHaveLength(0);
    await eventually(() => smsTo(EXEC_PHONE).length === 1, 8000);
    // The leads are not told again for P2: the executives are the next tier.
    await settle(300);
    expect(smsTo(LEAD_PHONE)).toHaveLength(1);
  });

  it('an acknowledgement before the delay stops the escalation: the timer fires and tells nobody', async () => {
    const app = appOn();
    await app.start();
    const { ref } = await fromSiem(app, { priority: 'P2' });
    await eventually(() => smsTo(LEAD_PHONE).length === 1, 5000);
    const outcome = await app.escalation.acknowledge({
      ref,
      by: `leads:sms:${LEAD_PHONE}`,
      via: 'link',
      actor: { id: 'escalation-ack-link', name: `leads:sms:${LEAD_PHONE}`, role: 'leads' },
    });
    expect(outcome.status).toBe('acknowledged');

    await eventually(async () => (await timerOf(app))?.status === 'succeeded', 8000);
    expect(await timerOf(app)).toMatchObject({
      result: { outcome: 'acknowledged', by: `leads:sms:${LEAD_PHONE}` },
    });
    await settle(300);
    expect(smsTo(EXEC_PHONE)).toHaveLength(0);
    await app.audit.flush();
    const { lines } = await readAuditFile(auditFilePath(dataDir));
    expect(lines.map((line) => line.entry)).toContainEqual(
      expect.objectContaining({
        action: 'acknowledgement',
        alertRef: ref,
        result: 'acknowledged: escalation stopped',
      }),
    );
  });

  it('closing the alert stops the escalation too', async () => {
    const app = appOn();
    await app.start();
    const { ref } = await fromSiem(app, { priority: 'P2' });
    await app.store.alerts.change({
      ref,
      action: 'close',
      by: 'lea',
      requestId: 'close-1',
      classification: 'false_positive',
    });
    await eventually(async () => (await timerOf(app))?.status === 'succeeded', 8000);
    expect(await timerOf(app)).toMatchObject({ result: { outcome: 'closed' } });
    expect(smsTo(EXEC_PHONE)).toHaveLength(0);
  });

  it('one message per recipient and tier across a SIEM retry and a restart; an undue timer fires after the restart', async () => {
    const first = appOn();
    await first.start();
    await fromSiem(first, { priority: 'P1' });
    await eventually(() => smsTo(LEAD_PHONE).length === 1 && smsTo(EXEC_PHONE).length === 1, 5000);
    await fromSiem(first, { priority: 'P1' }); // the SIEM retries its POST
    await first.stop();
    apps.splice(apps.indexOf(first), 1);

    const second = appOn();
    await second.start();
    await fromSiem(second, { priority: 'P1' }); // and again after the restart
    await settle(200);
    expect(smsTo(LEAD_PHONE)).toHaveLength(1);
    expect(smsTo(EXEC_PHONE)).toHaveLength(1);
    // The timer queued by the first process fires in the second: the reminder tier, once.
    await eventually(() => smsTo(LEAD_PHONE).length === 2 && smsTo(EXEC_PHONE).length === 2, 8000);
    await settle(300);
    expect(twilio.messages).toHaveLength(4);
    expect(leadsWebhook.accepted).toHaveLength(2);
  });

  it('a reminder still retrying when the alert is acknowledged is not sent, and its outcome says why', async () => {
    const app = appOn();
    await app.start();
    busyOnceFor(EXEC_PHONE);
    const { ref } = await fromSiem(app, { priority: 'P2' });
    await eventually(() => triedSmsTo(EXEC_PHONE), 8000);
    const by = `leads:sms:${LEAD_PHONE}`;
    await app.escalation.acknowledge({
      ref,
      by,
      via: 'link',
      actor: { id: 'escalation-ack-link', name: by, role: 'leads' },
    });

    const recipient = `exec:sms:${EXEC_PHONE}`;
    await eventually(async () => (await noticeTo(app, 'reminder', recipient))?.status === 'succeeded', 8000);
    await settle(300);
    expect(smsTo(EXEC_PHONE)).toHaveLength(0);
    const notice = await noticeTo(app, 'reminder', recipient);
    expect(notice).toMatchObject({ attempts: 2, result: { notSent: `${ref} was acknowledged by ${by}` } });
    expect(JOB_KINDS.wordingOf(notice!).success?.(notice!.result)).toBe(
      `Did not send the executives an escalation reminder for ${ref} by sms: ${ref} was acknowledged by ${by}.`,
    );
    await app.audit.flush();
    const { lines } = await readAuditFile(auditFilePath(dataDir));
    expect(lines.map((line) => line.entry)).toContainEqual(
      expect.objectContaining({
        action: 'result',
        summary: 'escalate.notice',
        result: 'succeeded',
        alertRef: ref,
        details: expect.objectContaining({
          result: expect.objectContaining({ notSent: expect.any(String) }),
        }),
      }),
    );
  });

  it('a reminder still retrying when the alert is closed is not sent either', async () => {
    const app = appOn();
    await app.start();
    busyOnceFor(EXEC_PHONE);
    const { ref } = await fromSiem(app, { priority: 'P2' });
    await eventually(() => triedSmsTo(EXEC_PHONE), 8000);
    await app.store.alerts.change({
      ref,
      action: 'close',
      by: 'lea',
      requestId: 'close-1',
      classification: 'false_positive',
    });

    const recipient = `exec:sms:${EXEC_PHONE}`;
    await eventually(async () => (await noticeTo(app, 'reminder', recipient))?.status === 'succeeded', 8000);
    await settle(300);
    expect(smsTo(EXEC_PHONE)).toHaveLength(0);
    expect(await noticeTo(app, 'reminder', recipient)).toMatchObject({
      result: { notSent: `${ref} is closed` },
    });
  });

  it('a first-tier notice still goes after an acknowledgement: it tells of the alert at all', async () => {
    const app = appOn({ SOCBOT_ESCALATE_AFTER_MINUTES: '10' });
    await app.start();
    busyOnceFor(EXEC_PHONE);
    const { ref } = await fromSiem(app, { priority: 'P1' });
    await eventually(() => triedSmsTo(EXEC_PHONE), 5000);
    const by = `leads:sms:${LEAD_PHONE}`;
    await app.escalation.acknowledge({
      ref,
      by,
      via: 'link',
      actor: { id: 'escalation-ack-link', name: by, role: 'leads' },
    });
    await eventually(() => smsTo(EXEC_PHONE).length === 1, 8000);
    // The SMS is out; the job's outcome is stored a moment later (under load, after this line ran).
    const settled = async (): Promise<boolean> =>
      !['pending', 'running'].includes(
        (await noticeTo(app, 'first', `exec:sms:${EXEC_PHONE}`))?.status ?? 'pending',
      );
    await eventually(settled, 8000);
    expect(await noticeTo(app, 'first', `exec:sms:${EXEC_PHONE}`)).toMatchObject({
      status: 'succeeded',
      result: { delivered: 1 },
    });
  });

  it('P3 is not escalated', async () => {
    const app = appOn();
    await app.start();
    await fromSiem(app, { priority: 'P3' });
    await settle(AFTER_MS + 300);
    expect(twilio.messages).toHaveLength(0);
    expect(await timerOf(app)).toBeUndefined();
  });

  it('a business-critical system raises a P4 to P2, records it on the alert and escalates it', async () => {
    const app = appOn({ SOCBOT_CRITICAL_SYSTEMS: 'prd, PRX', SOCBOT_VIP_USERS: 'CEO' });
    await app.start();
    const { ref } = await fromSiem(app, { priority: 'P4' });
    const alert = await app.store.alerts.find(ref);
    expect(alert).toMatchObject({
      priority: 'P2',
      priorityRaisedFrom: 'P4',
      priorityRaisedBecause: 'PRD is a business-critical system',
    });
    await eventually(() => smsTo(LEAD_PHONE).length === 1, 5000);
    expect(smsTo(LEAD_PHONE)[0]?.body).toContain('P2');
  });
});
