import { readFile } from 'node:fs/promises';
import { accessConfigOf } from '../../src/access/access-config';
import { auditFilePath } from '../../src/audit/audit-log';
import type { ConfigOverrides } from '../helpers/test-config';
import { startWebhookReceiver, type WebhookReceiver } from '../integrations/stand-ins/webhook-receiver';
import { cardSubmit, confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

const SECRET = 'block-webhook-secret-0123456789';

/**
 * The side-effect policy through the composition root, driven by botbuilder's TestAdapter (user
 * `user1`) with roles configured: SOCBOT_ANALYSTS_MAY_BLOCK, P1/P2 escalation to the leads (at registration), and the
 * embedded defaults that say honestly what is not configured.
 */
describe('side-effect policy', () => {
  let harness: BotHarness | undefined;
  let nac: WebhookReceiver;

  beforeEach(async () => {
    nac = await startWebhookReceiver(SECRET);
  });
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    await nac.close();
  });

  const blocking = (): ConfigOverrides['integrations'] => ({
    blocking: [{ provider: 'webhook', url: nac.url, secret: SECRET }],
    timeoutMs: 1000,
  });
  const ackWithin2s = { ackWindowMs: 2000 };

  it('lets an analyst block when SOCBOT_ANALYSTS_MAY_BLOCK=true', async () => {
    harness = await startBot({
      local: false,
      config: {
        integrations: blocking(),
        sideEffects: ackWithin2s,
        access: accessConfigOf({ analyst: ['user1'] }, { analystsMayBlock: true }),
      },
    });
    await harness.adapter
      .send('inform basis: alert 4711 on PRD, user DDIC from terminal PC-0815')
      .assertReply(
        confirms(
          "OK, let's inform the Basis team.",
          'Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?',
        ),
      )
      .send(cardSubmit('confirm', 'talk-to-basis'))
      .assertReply(says('Recorded request BR-0001', 'Block requested: terminal PC-0815 (block webhook).'));
    expect(nac.accepted).toHaveLength(1);
  });

  it('escalates a P2 alert to the SOC leads at registration; "inform Basis" then tells Basis only', async () => {
    harness = await startBot({
      local: false,
      config: {
        integrations: { basis: { teams: true }, leads: { teams: true } },
        sideEffects: ackWithin2s,
        access: accessConfigOf({ analyst: ['user1'] }),
      },
    });
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815 P2')
      .assertReply(confirms("OK, let's register", 'priority P2?'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says('Registered alert 4711 as SOC-'))
      .send('inform basis')
      .assertReply(confirms("OK, let's inform the Basis team.", '(alert 4711)?'))
      .send(cardSubmit('confirm', 'talk-to-basis'))
      .assertReply(says('No Teams conversation is registered for basis notifications'));
    const jobs = await harness.app.outbox.list();
    // The leads' notice and its timer came with the registration; talk-to-basis added Basis only.
    expect(jobs.map((job) => job.type).sort()).toEqual([
      'escalate.next',
      'escalate.notice',
      'notify.basis.teams',
    ]);
    expect(jobs.find((job) => job.type === 'escalate.notice')?.payload).toMatchObject({
      recipient: 'leads:teams',
      notice: { audience: 'leads', priority: 'P2', escalation: { tier: 'first' } },
    });
    expect(jobs.every((job) => job.idempotencyKey.startsWith('SOC-'))).toBe(true);
  });

  it('on the embedded defaults registers locally and says what is not configured', async () => {
    harness = await startBot();
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815 P3')
      .assertReply(confirms("OK, let's register", 'priority P3?'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(
        says('Registered alert 4711 as SOC-', 'No ticketing system is configured (TICKETING=none)'),
      )
      .send('inform basis')
      .assertReply(confirms("OK, let's inform the Basis team.", '(alert 4711)?'))
      .send('yes')
      .assertReply(
        says(
          'Recorded request BR-0001',
          'No blocking is configured (BLOCK=none)',
          'No Basis channel is configured yet',
        ),
      );
    expect(await harness.app.outbox.list()).toEqual([]);
    // Both confirmations and both commands are in the audit trail, as the local user.
    const lines = (await readFile(auditFilePath(harness.dataDir), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; actor: { role: string } });
    expect(lines.map((line) => line.action)).toEqual([
      'command',
      'confirmation',
      'result',
      'command',
      'confirmation',
      'result',
    ]);
    expect(lines.every((line) => line.actor.role === 'analyst+lead')).toBe(true);
  });

  it('a second "inform Basis" about the same alert naming another terminal and user is a new notice and a new block', async () => {
    harness = await startBot({
      local: false,
      config: {
        integrations: { ...blocking(), basis: { teams: true } },
        sideEffects: ackWithin2s,
        access: accessConfigOf({ lead: ['user1'] }),
      },
    });
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815 P3')
      .assertReply(confirms("OK, let's register", 'priority P3?'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says('Registered alert 4711 as SOC-'))
      .send('inform basis: alert 4711 on PRD, user DDIC from terminal PC-0815')
      .assertReply(confirms("OK, let's inform the Basis team.", '(alert 4711)?'))
      .send(cardSubmit('confirm', 'talk-to-basis'))
      .assertReply(says('Recorded request BR-0001'))
      .send('inform basis: alert 4711 on PRD, user SAPADM from terminal PC-0999')
      .assertReply(
        confirms("OK, let's inform the Basis team.", 'user SAPADM', 'terminal PC-0999', '(alert 4711)?'),
      )
      .send(cardSubmit('confirm', 'talk-to-basis'))
      .assertReply(says('Recorded request BR-0002'));
    const jobs = await harness.app.outbox.list();
    const notices = jobs.filter((job) => job.type === 'notify.basis.teams');
    expect(notices).toHaveLength(2);
    expect(notices.map((job) => (job.payload as { terminal: string }).terminal).sort()).toEqual([
      'PC-0815',
      'PC-0999',
    ]);
    expect(jobs.filter((job) => job.type === 'block.webhook')).toHaveLength(2);
  });
});
