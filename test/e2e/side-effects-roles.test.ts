import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { auditFilePath } from '../../src/audit/audit-log';
import { verifyAudit } from '../../src/audit/verify-audit';
import { startWebhookReceiver, type WebhookReceiver } from '../integrations/stand-ins/webhook-receiver';
import {
  chatOverHttp,
  fillAndConfirm,
  startSocbotUnderTest,
  type SocbotUnderTest,
} from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { trainProjectModel } from './helpers/trained-model';

const ANA = { id: 'ana-29', name: 'Ana' };
const LEA = { id: 'lea-29', name: 'Lea' };
const BOB = { id: 'bob-29', name: 'Bob' };
const EVE = { id: 'eve-29', name: 'Eve' };
const SECRET = 'block-webhook-secret-0123456789';

interface AuditLine {
  action: string;
  summary: string;
  result?: string;
  alertRef?: string;
  actor: { id: string; role?: string };
}

/**
 * Roles and the Basis round trip over real HTTP: an analyst, a lead, a Basis engineer and an
 * unknown user talk to socbot (as `serve` starts it) through a connector stand-in; blocking goes to
 * a signed block webhook stand-in, Basis notices to the Teams conversation the Basis team registered.
 */
describe('side effects by role, and the Basis acknowledgement', () => {
  let dir: string;
  let dataDir: string;
  let connector: ConnectorStandIn;
  let nac: WebhookReceiver;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    dataDir = path.join(dir, 'data');
    connector = await startConnectorStandIn();
    nac = await startWebhookReceiver(SECRET);
    socbot = await startSocbotUnderTest({
      dataDir,
      modelPath: trained.modelPath,
      // These tests read outcomes in the answer: the production window, so a loaded machine cannot
      // turn them into "on it" (the late path is covered in side-effects-tickets).
      ackWindowMs: 3000,
      env: {
        SOCBOT_ROLES: 'analyst:ana-29;lead:lea-29;basis:bob-29',
        BLOCK: 'webhook',
        BLOCK_WEBHOOK_URL: nac.url,
        BLOCK_WEBHOOK_SECRET: SECRET,
        BASIS_NOTIFY: 'teams',
        INTEGRATION_TIMEOUT_MS: '1000',
      },
    });
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

  it('refuses an unknown user, audits the refusal and queues nothing', async () => {
    const chat = chatOverHttp(connector, 'conv-eve');
    // Refused before any question is asked, not after the form is filled.
    const done = await chat.say(socbot.server, EVE, 'register alert 4700 on PRD');
    expect(done.text).toContain("I can't register an alert for you, so I won't ask for the details.");
    expect(done.text).toContain("you are not in socbot's role configuration");
    expect(done.text).toContain('Ask a SOC lead');
    expect(await socbot.app.store.alerts.list()).toEqual([]);
    expect(await socbot.app.outbox.list()).toEqual([]);
    const refusal = (await auditLines()).find((line) => line.action === 'refusal');
    expect(refusal).toMatchObject({
      actor: { id: 'eve-29', role: 'unknown' },
      result: 'refused: UNKNOWN_USER',
    });
  });

  it('does not let an analyst block alone (SOCBOT_ANALYSTS_MAY_BLOCK is off): asks a lead, blocks nothing', async () => {
    const chat = chatOverHttp(connector, 'conv-ana');
    const done = await fillAndConfirm(
      chat,
      socbot.server,
      ANA,
      'inform Basis about alert 4711',
      'talk-to-basis',
    );
    expect(done.text).toContain('Recorded request BR-0001 for the Basis team (alert 4711).');
    expect(done.text).toContain(
      "Blocking needs a SOC lead's approval (your role may not block alone): I asked the leads as APR-0001",
    );
    expect(nac.requests).toHaveLength(0);
    expect((await socbot.app.outbox.list()).map((job) => job.type).sort()).toEqual([
      'notify.basis.teams',
      'post.approval',
    ]);
    // No lead or Basis conversation is registered yet: said plainly, not retried.
    expect(done.text).toContain('No conversation is registered for SOC lead notifications');
    expect(done.text).toContain('No Teams conversation is registered for basis notifications');
    const request = (await auditLines()).find(
      (line) => line.action === 'approval' && line.actor.id === 'ana-29',
    );
    expect(request).toMatchObject({
      summary: 'ask a SOC lead to approve: block terminal PC-0815 (block webhook) on PRD',
      alertRef: '4711',
      result: 'requested APR-0001',
    });
  });

  it('lets a lead block; the notice reaches the registered Basis channel and the acknowledgement reaches the lead and the record', async () => {
    const basisRoom = chatOverHttp(connector, 'conv-basis-room');
    const registered = await basisRoom.say(
      socbot.server,
      BOB,
      'register this channel for basis notifications',
    );
    expect(registered.text).toBe('Done: this conversation is registered for Basis notifications.');
    // An analyst cannot register a channel.
    const notAllowed = await chatOverHttp(connector, 'conv-ana-2').say(
      socbot.server,
      ANA,
      'register this channel for basis notifications',
    );
    expect(notAllowed.text).toContain('I did not register this conversation');

    const chat = chatOverHttp(connector, 'conv-lea');
    const done = await fillAndConfirm(
      chat,
      socbot.server,
      LEA,
      'inform Basis about alert 4712',
      'talk-to-basis',
    );
    expect(done.text).toContain('Recorded request BR-0002 for the Basis team (alert 4712).');
    expect(done.text).toContain('Block requested: terminal PC-0815 (block webhook).');
    expect(done.text).toContain('Notified the Basis team by teams (1 conversation) about 4712.');
    expect(nac.accepted).toHaveLength(1);
    expect(JSON.parse(nac.accepted[0]?.body ?? '{}')).toMatchObject({
      terminal: 'PC-0815',
      alertRef: '4712',
      requestedBy: 'Lea',
    });

    const notice = await basisRoom.waitForMessage(
      /SAP security alert on PRD: user DDIC from terminal PC-0815/,
    );
    const card = (notice.attachments as Array<{ content: { actions: Array<{ data: unknown }> } }>)[0]
      ?.content;
    expect(card?.actions[0]?.data).toEqual({ action: 'basis.ack', ref: '4712' });
    // The notice goes out while the block is queued: it says "requested", not "blocked".
    const facts = (
      card as unknown as { body: Array<{ facts?: Array<{ title: string; value: string }> }> }
    ).body
      .flatMap((block) => block.facts ?? [])
      .map((fact) => [fact.title, fact.value.replace(/\\/g, '')]);
    expect(facts).toContainEqual(['Blocked', 'terminal PC-0815 (block webhook), requested']);

    // The button checks who pressed it: an unknown user cannot acknowledge for Basis.
    const byEve = await basisRoom.press(socbot.server, EVE, { action: 'basis.ack', ref: '4712' });
    expect(byEve.text).toContain('I did not record the acknowledgement.');

    const acked = await basisRoom.press(socbot.server, BOB, { action: 'basis.ack', ref: '4712' });
    expect(acked.text).toBe('Thanks, Bob: acknowledged 4712. The analyst who asked has been told.');
    const told = await chat.waitForMessage(/acknowledged your request/);
    expect(told.text).toBe(
      'The Basis team (Bob) acknowledged your request BR-0002 about alert 4712 (terminal PC-0815, user DDIC).',
    );
    const [, request] = await socbot.app.store.basisRequests.list();
    expect(request).toMatchObject({ id: 'BR-0002', status: 'acknowledged', acknowledgedBy: 'Bob' });
    expect(Date.parse(request?.acknowledgedAt ?? '')).not.toBeNaN();

    const again = await basisRoom.press(socbot.server, BOB, { action: 'basis.ack', ref: '4712' });
    expect(again.text).toBe('4712 was already acknowledged; nothing changed.');

    const lines = await auditLines();
    expect(lines.filter((line) => line.action === 'acknowledgement' && line.alertRef === '4712')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: 'bob-29', role: 'basis' }),
        result: 'acknowledged BR-0002',
      }),
      expect.objectContaining({ result: 'already acknowledged' }),
    ]);
    expect(lines.filter((line) => line.action === 'refusal').map((line) => line.actor.id)).toEqual([
      'eve-29',
      'ana-29',
      'eve-29',
    ]);
    expect(await verifyAudit(auditFilePath(dataDir))).toMatchObject({ intact: true });
  });
});
