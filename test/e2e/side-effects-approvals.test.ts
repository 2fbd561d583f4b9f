import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { auditFilePath } from '../../src/audit/audit-log';
import { verifyAudit } from '../../src/audit/verify-audit';
import { APPROVALS_FILE_NAME } from '../../src/store/approval-requests';
import { startWebhookReceiver, type WebhookReceiver } from '../integrations/stand-ins/webhook-receiver';
import {
  chatOverHttp,
  fillAndConfirm,
  startSocbotUnderTest,
  type SocbotUnderTest,
} from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { postActivity } from '../helpers/http-request';
import { trainProjectModel } from './helpers/trained-model';

const ANA = { id: 'ana-29', name: 'Ana' };
const LEA = { id: 'lea-29', name: 'Lea' };
const LEO = { id: 'leo-29', name: 'Leo' };
const SECRET = 'block-webhook-secret-0123456789';

interface AuditLine {
  action: string;
  summary: string;
  result?: string;
  alertRef?: string;
  details: Record<string, unknown>;
  actor: { id: string; role?: string };
}

interface CardAction {
  title: string;
  data: Record<string, unknown>;
}

/**
 * The two-person rule over real HTTP, as `serve` runs it: an analyst asks to block, the approval
 * card reaches the conversation the leads registered (connector stand-in), and the block reaches
 * the signed block webhook stand-in exactly once, and only after a lead other than the requester
 * approved. Production systems (PRD) need an approval even for a lead (SOCBOT_APPROVAL_REQUIRED).
 */
describe('approvals: a block only after a second person approved it', () => {
  let dir: string;
  let dataDir: string;
  let connector: ConnectorStandIn;
  let nac: WebhookReceiver;
  let socbot: SocbotUnderTest;
  let room: ReturnType<typeof chatOverHttp>;
  /** The conversation the leads registered: one object, so its activity ids stay unique. */
  const leadsRoom = () => room;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    dataDir = path.join(dir, 'data');
    connector = await startConnectorStandIn();
    nac = await startWebhookReceiver(SECRET);
    socbot = await startSocbotUnderTest({
      dataDir,
      modelPath: trained.modelPath,
      ackWindowMs: 3000,
      env: {
        SOCBOT_ROLES: 'analyst:ana-29;lead:lea-29,leo-29',
        BLOCK: 'webhook',
        BLOCK_WEBHOOK_URL: nac.url,
        BLOCK_WEBHOOK_SECRET: SECRET,
        SOCBOT_APPROVAL_REQUIRED: 'block_terminal:PRD',
        SOCBOT_APPROVAL_TTL_MINUTES: '30',
        INTEGRATION_TIMEOUT_MS: '1000',
      },
    });
    room = chatOverHttp(connector, 'conv-leads');
    const registered = await leadsRoom().say(socbot.server, LEA, 'register this channel for leads');
    expect(registered.text).toContain('Done: this conversation is registered for SOC lead notifications');
    // LEADS_NOTIFY is empty here: P1/P2 notices are not posted, approval cards are.
    expect(registered.text).toContain('Approval requests (two-person rule) are posted here all the same.');
  });
  afterAll(async () => {
    await socbot.server.stop();
    await nac.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function auditLines(): Promise<AuditLine[]> {
    const text = await readFile(auditFilePath(dataDir), 'utf8');
    return text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditLine);
  }

  async function blockJobs() {
    return (await socbot.app.outbox.list()).filter((job) => job.type === 'block.webhook');
  }

  /** Waits long enough for a wrongly queued block to have reached the stand-in (outbox polls every 100 ms). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

  it("posts an analyst's request to the leads, blocks on the approval of a lead, once", async () => {
    const ana = chatOverHttp(connector, 'conv-ana');
    const asked = await fillAndConfirm(
      ana,
      socbot.server,
      ANA,
      'inform Basis about alert 4711',
      'talk-to-basis',
    );
    expect(asked.text).toContain(
      "Blocking needs a SOC lead's approval (your role may not block alone): I asked the leads as APR-0001, which expires",
    );
    expect(asked.text).toContain('Asked the SOC leads to approve APR-0001 (1 conversation).');

    // The card shows exactly what will run, who asked, the alert and the expiry.
    const card = await leadsRoom().waitForMessage(/^Approval needed \(APR-0001\)/);
    expect(card.text).toMatch(
      /^Approval needed \(APR-0001\): Ana asks to block terminal PC-0815 \(block webhook\) on PRD for alert 4711\. Expires \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
    const content = (card.attachments as Array<{ content: Record<string, unknown> }>)[0]?.content as {
      body: Array<{ facts?: Array<{ title: string; value: string }> }>;
      actions: CardAction[];
    };
    const facts = Object.fromEntries(
      content.body
        .flatMap((block) => block.facts ?? [])
        .map((fact) => [fact.title, fact.value.replace(/\\/g, '')]),
    );
    expect(facts).toMatchObject({
      'Will run': 'block terminal PC-0815 (block webhook)',
      System: 'PRD',
      Terminal: 'PC-0815',
      User: 'DDIC',
      Alert: '4711',
      'Requested by': 'Ana',
    });
    expect(content.actions.map((action) => [action.title, action.data])).toEqual([
      ['Approve', { action: 'approval.approve', approvalId: 'APR-0001' }],
      ['Reject', { action: 'approval.reject', approvalId: 'APR-0001' }],
    ]);
    await settle();
    expect(nac.requests).toHaveLength(0);

    // An analyst cannot approve (not even another's request): refused before anything is decided.
    const byAna = await leadsRoom().press(socbot.server, ANA, {
      action: 'approval.approve',
      approvalId: 'APR-0001',
    });
    expect(byAna.text).toContain(
      "I did not record your decision on APR-0001. Approving or rejecting another person's request needs the lead role; you are analyst.",
    );
    await settle();
    expect(nac.requests).toHaveLength(0);

    const approved = await leadsRoom().press(socbot.server, LEA, {
      action: 'approval.approve',
      approvalId: 'APR-0001',
    });
    expect(approved.text).toBe(
      'Approved APR-0001: block terminal PC-0815 (block webhook) on PRD for alert 4711, queued now. Ana has been told and gets the result.',
    );
    const told = await ana.waitForMessage(/approved your request APR-0001/);
    expect(told.text).toBe(
      'Lea approved your request APR-0001: block terminal PC-0815 (block webhook) on PRD for alert 4711 is queued now; I will tell you the result here.',
    );
    await ana.waitForMessage(/^Block requested: terminal PC-0815 \(block webhook\)\.$/);
    expect(nac.accepted).toHaveLength(1);
    expect(JSON.parse(nac.accepted[0]?.body ?? '{}')).toMatchObject({
      action: 'block',
      terminal: 'PC-0815',
      alertRef: '4711',
      requestedBy: 'Ana',
    });

    // A second lead, and the same press replayed: told who decided, nothing runs again.
    const byLeo = await leadsRoom().press(socbot.server, LEO, {
      action: 'approval.reject',
      approvalId: 'APR-0001',
    });
    expect(byLeo.text).toMatch(
      /^APR-0001 was already approved by Lea at \d{4}-\d\d-\d\d \d\d:\d\d UTC; nothing changed\.$/,
    );
    const replayed = await leadsRoom().press(socbot.server, LEA, {
      action: 'approval.approve',
      approvalId: 'APR-0001',
    });
    expect(replayed.text).toContain('APR-0001 was already approved by Lea');
    await settle();
    expect(nac.requests).toHaveLength(1);
    expect(await blockJobs()).toHaveLength(1);

    const approvalLines = (await auditLines()).filter((line) => line.details.approvalId === 'APR-0001');
    expect(approvalLines.map((line) => [line.action, line.actor.id, line.result])).toEqual([
      ['approval', 'ana-29', 'requested APR-0001'],
      ['refusal', 'ana-29', 'refused: ROLE_NOT_PERMITTED'],
      ['approval', 'lea-29', 'approved'],
    ]);
    // The execution is an entry of its own: the block queued by the approving lead, keyed by the approval.
    const calls = (await auditLines()).filter(
      (line) => line.action === 'call' && line.summary === 'block terminal PC-0815 (block webhook)',
    );
    expect(calls).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ id: 'lea-29' }), result: 'queued' }),
    ]);
    expect(calls[0]?.details).toMatchObject({ idempotencyKey: 'APR-0001:block.webhook:PC-0815:DDIC' });
  });

  it("needs a second lead for a lead's own block on a listed system; self-approval is refused, a rejection blocks nothing", async () => {
    const lea = chatOverHttp(connector, 'conv-lea');
    const asked = await fillAndConfirm(
      lea,
      socbot.server,
      LEA,
      'inform Basis about alert 4712',
      'talk-to-basis',
    );
    expect(asked.text).toContain(
      "Blocking needs a SOC lead's approval (the approval policy lists PRD): I asked the leads as APR-0002",
    );
    await leadsRoom().waitForMessage(/^Approval needed \(APR-0002\): Lea asks/);

    const self = await leadsRoom().press(socbot.server, LEA, {
      action: 'approval.approve',
      approvalId: 'APR-0002',
    });
    expect(self.text).toBe(
      'You asked for APR-0002 yourself, so you cannot approve it: another SOC lead decides (two-person rule). Nothing changed.',
    );
    await settle();
    expect(nac.requests).toHaveLength(1);

    // Typed instead of pressed: the same decision.
    const rejected = await leadsRoom().say(socbot.server, LEO, 'reject APR-0002');
    expect(rejected.text).toBe('Rejected APR-0002: nothing is blocked. Lea has been told.');
    const told = await lea.waitForMessage(/rejected your request APR-0002/);
    expect(told.text).toBe(
      'Leo rejected your request APR-0002: nothing was blocked (block terminal PC-0815 (block webhook) on PRD, alert 4712).',
    );
    await settle();
    expect(nac.requests).toHaveLength(1);
    expect(await blockJobs()).toHaveLength(1);
    const lines = (await auditLines()).filter((line) => line.details.approvalId === 'APR-0002');
    expect(lines.map((line) => [line.action, line.actor.id, line.result])).toEqual([
      ['approval', 'lea-29', 'requested APR-0002'],
      ['refusal', 'lea-29', 'refused: SELF_APPROVAL'],
      ['approval', 'leo-29', 'rejected'],
    ]);
  });

  it('never acts on an expired request and tells the requester', async () => {
    const ana = chatOverHttp(connector, 'conv-ana-3');
    const asked = await fillAndConfirm(
      ana,
      socbot.server,
      ANA,
      'inform Basis about alert 4713',
      'talk-to-basis',
    );
    expect(asked.text).toContain('I asked the leads as APR-0003');
    // The request's hour has passed (as if the leads had not looked for SOCBOT_APPROVAL_TTL_MINUTES).
    const file = path.join(dataDir, APPROVALS_FILE_NAME);
    const stored = JSON.parse(await readFile(file, 'utf8')) as {
      requests: Array<{ id: string; expiresAt: string }>;
    };
    const third = stored.requests.find((request) => request.id === 'APR-0003');
    if (!third) throw new Error('APR-0003 is not in approvals.json');
    third.expiresAt = new Date(Date.now() - 60_000).toISOString();
    await writeFile(file, JSON.stringify(stored));

    const late = await leadsRoom().press(socbot.server, LEO, {
      action: 'approval.approve',
      approvalId: 'APR-0003',
    });
    expect(late.text).toMatch(
      /^APR-0003 expired at .+ UTC without a decision, so it can no longer be approved and nothing was blocked\. Ana has been told and can ask again\.$/,
    );
    const told = await ana.waitForMessage(/APR-0003 .*expired/);
    expect(told.text).toContain(
      "without a lead's decision: nothing was blocked. Ask again if it is still needed.",
    );
    // Teams' Action.Execute (an adaptiveCard/action invoke): answered in the HTTP response with a
    // card that replaces the clicked one, buttons gone.
    const invoked = await postActivity(socbot.server.url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'conv-leads-execute-1',
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: 'conv-leads' },
      from: LEA,
      recipient: { id: 'socbot', name: 'socbot' },
      value: {
        action: { type: 'Action.Execute', verb: 'approval.approve', data: { approvalId: 'APR-0003' } },
      },
    });
    expect(invoked.status).toBe(200);
    const replaced = invoked.json as { value: { body: Array<{ text: string }>; actions?: unknown } };
    expect(replaced.value.body.map((block) => block.text).join('\n')).toContain('APR-0003 expired at');
    expect(replaced.value.actions).toBeUndefined();
    await settle();
    expect(nac.requests).toHaveLength(1);
    expect(await blockJobs()).toHaveLength(1);
    // Told once, although two leads pressed.
    expect(ana.messages().filter((message) => /APR-0003 .*expired/.test(message.text ?? ''))).toHaveLength(1);
    const lines = (await auditLines()).filter((line) => line.details.approvalId === 'APR-0003');
    expect(lines.map((line) => [line.action, line.actor.id, line.result])).toEqual([
      ['approval', 'ana-29', 'requested APR-0003'],
      ['approval', 'system', 'expired'],
    ]);
    expect(await verifyAudit(auditFilePath(dataDir))).toMatchObject({ intact: true });
  });
});
