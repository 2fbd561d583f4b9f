import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { APPROVALS_FILE_NAME } from '../../src/store/approval-requests';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { startWebhookReceiver, type WebhookReceiver } from '../integrations/stand-ins/webhook-receiver';
import { eventually } from '../outbox/outbox-test-kit';
import { cardSubmit, says, startBot, type BotHarness } from './helpers/bot-harness';

const SECRET = 'block-webhook-secret-0123456789';
const ANA = { id: 'ana-29', name: 'Ana' };
const LEA = { id: 'lea-29', name: 'Lea' };
const LEO = { id: 'leo-29', name: 'Leo' };
const EVE = { id: 'eve-29', name: 'Eve' };

type User = { id: string; name: string };

/** The connector stand-in: the conversation's proactive messages (the requester told, late results) go there. */
let connector: ConnectorStandIn;

const from = (user: User, fields: Partial<Activity>): Partial<Activity> => ({
  type: 'message',
  from: user,
  serviceUrl: connector.serviceUrl,
  ...fields,
});

/**
 * Transcripts of the two-person rule in one group chat (botbuilder's TestAdapter, the keyword
 * recognizer): who blocks alone, who asks a lead, and what a press on the approval card does.
 */
describe('approvals in conversation', () => {
  let harness: BotHarness | undefined;
  let nac: WebhookReceiver;
  beforeEach(async () => {
    nac = await startWebhookReceiver(SECRET);
    connector = await startConnectorStandIn();
  });
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    await nac.close();
    await connector.close();
  });

  /** What the bot told the group chat outside its turns. */
  const proactive = (): string[] =>
    connector.repliesOf(bot().adapter.conversation.conversation.id).map((reply) => reply.activity.text ?? '');
  const bot = (): BotHarness => {
    if (!harness) throw new Error('no bot started');
    return harness;
  };

  async function start(env: NodeJS.ProcessEnv): Promise<BotHarness> {
    harness = await startBot({
      local: false,
      env: {
        SOCBOT_ROLES: 'analyst:ana-29;lead:lea-29,leo-29',
        BLOCK: 'webhook',
        BLOCK_WEBHOOK_URL: nac.url,
        BLOCK_WEBHOOK_SECRET: SECRET,
        SOCBOT_ACK_WAIT_MS: '200',
        ...env,
      },
    });
    return harness;
  }

  /** Asks Basis about a complete alert as `user` and confirms; returns the answer to the Confirm. */
  async function askBasis(bot: BotHarness, user: User, system: string): Promise<string> {
    let answer = '';
    await bot.adapter
      .send(from(user, { text: `inform basis: alert 4711, terminal PC-0815, user DDIC on ${system}` }))
      .assertReply(says('?'))
      .send(from(user, cardSubmit('confirm', 'talk-to-basis')))
      .assertReply((activity) => void (answer = activity.text ?? ''));
    return answer;
  }

  async function press(
    bot: BotHarness,
    user: User,
    action: 'approve' | 'reject',
    id: string,
  ): Promise<string> {
    let answer = '';
    await bot.adapter
      .send(from(user, { value: { action: `approval.${action}`, approvalId: id } }))
      .assertReply((activity) => void (answer = activity.text ?? ''));
    return answer;
  }

  const blockJobs = async (bot: BotHarness) =>
    (await bot.app.outbox.list()).filter((job) => job.type === 'block.webhook');

  it('lets a lead block alone on a system the policy does not list', async () => {
    const bot = await start({ SOCBOT_APPROVAL_REQUIRED: 'block_terminal:PRD' });
    const answer = await askBasis(bot, LEA, 'DEV');
    expect(answer).toContain('Block requested: terminal PC-0815 (block webhook).');
    expect(answer).not.toContain('approval');
    expect(await bot.app.approvalRequests.list()).toEqual([]);
    expect(nac.requests).toHaveLength(1);
  });

  it('lets analysts block alone where SOCBOT_ANALYSTS_MAY_BLOCK allows it, but not on a listed system', async () => {
    const bot = await start({
      SOCBOT_ANALYSTS_MAY_BLOCK: 'true',
      SOCBOT_APPROVAL_REQUIRED: 'block_terminal:PRD',
    });
    expect(await askBasis(bot, ANA, 'DEV')).toContain('Block requested: terminal PC-0815 (block webhook).');
    const onPrd = await askBasis(bot, ANA, 'PRD');
    expect(onPrd).toContain(
      "Blocking needs a SOC lead's approval (the approval policy lists PRD): I asked the leads as APR-0001",
    );
    expect(nac.requests).toHaveLength(1);
    expect(await bot.app.approvalRequests.get('APR-0001')).toMatchObject({ reason: 'policy', system: 'PRD' });
  });

  it('refuses a user without roles: they may not even ask', async () => {
    const bot = await start({});
    await bot.adapter
      .send(from(EVE, { text: 'inform basis: alert 4711, terminal PC-0815, user DDIC on PRD' }))
      .assertReply(says("I can't inform the Basis team for you"));
    expect(await bot.app.approvalRequests.list()).toEqual([]);
  });

  it('analyst asks, a lead approves: the block is queued once, also when the press is replayed', async () => {
    const bot = await start({});
    expect(await askBasis(bot, ANA, 'PRD')).toContain('I asked the leads as APR-0001');
    expect(await blockJobs(bot)).toHaveLength(0);
    expect(await press(bot, ANA, 'approve', 'APR-0001')).toContain(
      'I did not record your decision on APR-0001.',
    );
    expect(await press(bot, LEA, 'approve', 'APR-0001')).toContain(
      'Approved APR-0001: block terminal PC-0815',
    );
    expect(await press(bot, LEA, 'approve', 'APR-0001')).toContain('APR-0001 was already approved by Lea');
    expect(await press(bot, LEO, 'reject', 'APR-0001')).toContain('APR-0001 was already approved by Lea');
    await eventually(() => nac.requests.length === 1);
    expect(await blockJobs(bot)).toHaveLength(1);
    // The requester is told the decision, then the block's result, in the conversation they asked in.
    await eventually(() => proactive().includes('Block requested: terminal PC-0815 (block webhook).'));
    expect(proactive().filter((text) => text.startsWith('Lea approved your request APR-0001'))).toHaveLength(
      1,
    );
  });

  it('queues the block of an approval a crash cut off before the block was queued, once', async () => {
    const bot = await start({});
    await askBasis(bot, ANA, 'PRD');
    // As if the process stopped right after the decision was written: approved, nothing queued.
    await bot.app.approvalRequests.decide('APR-0001', {
      decision: 'approved',
      by: { id: 'lea-29', name: 'Lea', role: 'lead' },
      byIdentities: ['lea-29'],
    });
    expect(await blockJobs(bot)).toHaveLength(0);
    expect(await press(bot, LEA, 'approve', 'APR-0001')).toContain('APR-0001 was already approved by Lea');
    expect(await press(bot, LEO, 'approve', 'APR-0001')).toContain('APR-0001 was already approved by Lea');
    await eventually(() => nac.requests.length === 1);
    expect(await blockJobs(bot)).toHaveLength(1);
    expect((await bot.app.approvalRequests.get('APR-0001'))?.jobIds).toHaveLength(1);
  });

  it('rejects: nothing is queued, the requester is told, and a later approval does nothing', async () => {
    const bot = await start({});
    await askBasis(bot, ANA, 'PRD');
    expect(await press(bot, LEO, 'reject', 'APR-0001')).toBe(
      'Rejected APR-0001: nothing is blocked. Ana has been told.',
    );
    expect(await press(bot, LEA, 'approve', 'APR-0001')).toContain('APR-0001 was already rejected by Leo');
    const told = (await bot.app.outbox.list()).filter((job) => job.type === 'tell.approval');
    expect(told.map((job) => job.payload)).toEqual([
      expect.objectContaining({ approvalId: 'APR-0001', outcome: 'rejected' }),
    ]);
    expect(await blockJobs(bot)).toHaveLength(0);
  });

  it('refuses self-approval and says so; an unknown approval id is said plainly', async () => {
    const bot = await start({ SOCBOT_APPROVAL_REQUIRED: 'block_terminal:*' });
    expect(await askBasis(bot, LEA, 'DEV')).toContain('I asked the leads as APR-0001');
    expect(await press(bot, LEA, 'approve', 'APR-0001')).toContain('You asked for APR-0001 yourself');
    expect(await press(bot, LEO, 'approve', 'APR-0099')).toBe(
      'I have no approval request APR-0099, so there is nothing to decide.',
    );
    expect((await bot.app.approvalRequests.get('APR-0001'))?.status).toBe('pending');
    expect(await blockJobs(bot)).toHaveLength(0);
  });

  it('never acts once expired: the sweep closes it and tells the requester', async () => {
    const bot = await start({});
    await askBasis(bot, ANA, 'PRD');
    // The request's hour has passed (as if no lead had looked for SOCBOT_APPROVAL_TTL_MINUTES).
    const file = path.join(bot.dataDir, APPROVALS_FILE_NAME);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { requests: Array<{ expiresAt: string }> };
    for (const request of stored.requests) request.expiresAt = new Date(Date.now() - 1000).toISOString();
    await writeFile(file, JSON.stringify(stored));
    const expired = await bot.app.approvals.expireDue();
    expect(expired.map((item) => item.id)).toEqual(['APR-0001']);
    expect(await bot.app.approvals.expireDue()).toEqual([]);
    expect(await press(bot, LEA, 'approve', 'APR-0001')).toContain('APR-0001 expired at');
    const told = (await bot.app.outbox.list()).filter((job) => job.type === 'tell.approval');
    expect(told.map((job) => (job.payload as { outcome: string }).outcome)).toEqual(['expired']);
    await eventually(() => proactive().some((text) => /^Your request APR-0001 .* expired at/.test(text)));
    expect(await blockJobs(bot)).toHaveLength(0);
  });
});
