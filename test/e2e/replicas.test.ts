import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { signWebhook } from '../../src/integrations/webhook-signature';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest, postActivity, type TestResponse } from '../helpers/http-request';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { SERVED_BY_HEADER, startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy';
import { startServeReplicas, type ServeReplica } from '../helpers/serve-replicas';
import { ensureCompiledCli, SOCBOT_BIN } from './helpers/compiled-cli';
import { PROJECT_CORPUS, trainProjectModel } from './helpers/trained-model';

const run = promisify(execFile);

const SIEM_SECRET = 'siem-secret-0123456789abcdef';
const SERVICENOW_PASSWORD = 'servicenow-secret-0123456789';
const WEBCHAT_SECRET = 'webchat-secret-0123456789abcdef';
const ANALYSTS = ['ana-15', 'ben-15', 'cem-15', 'dana-15', 'eli-15', 'web-15'];
const REPLICAS = 3;
/** The replica SIGKILLed mid-turn and mid-job. */
const VICTIM = 2;

/** One Teams message as the channel sent it, and what came back. */
interface SentTurn {
  conversationId: string;
  activityId: string;
  /** A fragment the bot's reply to this message must contain (once). */
  expect: string;
  status: number;
  /** The replica that ran it (-1: the channel's request failed). */
  servedBy: number;
}

/**
 * Issue 15, "Shown by": three `socbot serve` processes on one PostgreSQL database behind a
 * round-robin proxy. Teams conversations alternate replicas turn by turn; two messages of one
 * conversation sent at once to two replicas run one after the other; SIEM deliveries are
 * retried against another replica; one replica is SIGKILLed while it runs a turn and a ticket job is
 * in flight; the survivors finish. Then: every confirmed alert registered once, every ticket created
 * once at the ServiceNow stand-in, every message answered once in order, `socbot audit verify`
 * passes on the database, and a Web Chat conversation started on the killed replica continues on a
 * survivor.
 *
 * The scenario runs once (beforeAll, every wait bounded); each `it` checks one property of its
 * outcome, so a failure names what broke.
 */
describe('socbot as three replicas on one PostgreSQL', () => {
  let dir: string;
  let db: TestDatabase;
  let connector: ConnectorStandIn;
  let servicenow: ServiceNowStandIn;
  let gate: HoldingGate;
  let replicas: ServeReplica[];
  let proxy: RoundRobinProxy;
  const turns: SentTurn[] = [];
  /** Alert IDs confirmed in chat or delivered by the SIEM: each must be registered once. */
  const confirmedAlertIds: string[] = [];
  const siem: Array<{ alertId: string; first: TestResponse; retry: TestResponse }> = [];
  const kill = { midTurn: false, jobHeld: false, proxyRequestsBefore: 0 };
  const webChat: { before: string[]; after: string[]; errors: string[] } = {
    before: [],
    after: [],
    errors: [],
  };

  /** One Teams message through `url` (the proxy, or one replica), recorded with who served it. */
  async function say(url: string, conversationId: string, user: string, fields: object, expect: string) {
    const index = turns.filter((turn) => turn.conversationId === conversationId).length + 1;
    const turn: SentTurn = {
      conversationId,
      activityId: `${conversationId}-turn-${index}`,
      expect,
      status: 0,
      servedBy: -1,
    };
    turns.push(turn);
    await sendTurn(url, turn, user, fields);
    return turn;
  }
  async function sendTurn(url: string, turn: SentTurn, user: string, fields: object): Promise<void> {
    const answer = await postActivity(
      url,
      {
        type: 'message',
        id: turn.activityId,
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        conversation: { id: turn.conversationId },
        from: { id: user, name: user },
        recipient: { id: 'socbot', name: 'socbot' },
        timestamp: new Date().toISOString(),
        ...fields,
      },
      {},
      15_000,
    ).catch(() => undefined);
    turn.status = answer?.status ?? 0;
    const servedBy = answer?.headers[SERVED_BY_HEADER];
    turn.servedBy = typeof servedBy === 'string' ? Number(servedBy) : turn.servedBy;
  }

  /** The register-alert form, step by step (as bench/turns/conversation-script.ts walks it). */
  const FORM = (alertId: string): Array<{ fields: object; expect: string }> => [
    { fields: { text: `register alert ${alertId} on PRD` }, expect: 'From which terminal' },
    { fields: { text: 'PC-0815' }, expect: 'Which SAP user' },
    { fields: { text: 'DDIC' }, expect: 'Which priority' },
    { fields: { text: 'P2' }, expect: `Register alert ${alertId}` },
    {
      fields: { value: { action: 'confirm', skill: 'register-alert' } },
      expect: `Registered alert ${alertId}`,
    },
  ];

  /**
   * Walks one form in each conversation in lockstep, one message at a time through the proxy: with
   * a number of conversations that shares no factor with the number of live replicas, each
   * conversation's next turn lands on another replica.
   */
  async function formsInLockstep(conversations: string[], alertIds: string[], users: string[]) {
    const forms = alertIds.map(FORM);
    for (let step = 0; step < 5; step += 1) {
      for (const [c, conversationId] of conversations.entries()) {
        const form = forms[c]![step]!;
        await say(proxy.url, conversationId, users[c]!, form.fields, form.expect);
      }
    }
    confirmedAlertIds.push(...alertIds);
  }

  async function deliverSiem(url: string, body: string, headers: Record<string, string>) {
    return httpRequest(`${url}/api/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });
  }

  beforeAll(async () => {
    ensureCompiledCli();
    const trained = await trainProjectModel();
    dir = trained.dir;
    db = await createTestDatabase({ migrated: false });
    connector = await startConnectorStandIn();
    servicenow = await startServiceNowStandIn('socbot', SERVICENOW_PASSWORD);
    gate = await startHoldingGate(servicenow.url);
    replicas = await startServeReplicas({
      socbotBin: SOCBOT_BIN,
      count: REPLICAS,
      dataRoot: path.join(dir, 'replicas'),
      env: {
        SOCBOT_DATABASE_URL: db.url,
        SOCBOT_MODEL: trained.modelPath,
        SOCBOT_CORPUS: PROJECT_CORPUS,
        SOCBOT_ROLES: `analyst:${ANALYSTS.join(',')}`,
        SIEM_WEBHOOK_SECRET: SIEM_SECRET,
        TICKETING: 'servicenow',
        SERVICENOW_URL: gate.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD,
        WEBCHAT_SECRET,
        // Long enough that the confirm turn is still running while its ticket job is held.
        SOCBOT_ACK_WAIT_MS: '5000',
        // A job whose replica died is taken over after its lease; keep that short here.
        SOCBOT_OUTBOX_JOB_TIMEOUT_MS: '3000',
        SOCBOT_SHUTDOWN_GRACE_MS: '1000',
      },
    });
    proxy = await startRoundRobinProxy(replicas.map((replica) => replica.url));
    const victim = replicas[VICTIM]!;

    // 1. Four Teams conversations, turns alternating over the three replicas.
    const conversations = ['conv-a', 'conv-b', 'conv-c', 'conv-d'];
    await formsInLockstep(conversations, ['7101', '7102', '7103', '7104'], ANALYSTS.slice(0, 4));

    // 2. Two messages of one conversation at once on two replicas: the second waits for the first,
    // which holds the conversation while the connector holds its reply.
    const lockForm = FORM('7401');
    connector.holdReplies('conv-lock', 800);
    const first = say(replicas[0]!.url, 'conv-lock', 'dana-15', lockForm[0]!.fields, lockForm[0]!.expect);
    const replying = Date.now() + 8000;
    while (connector.postsTo('conv-lock') === 0 && Date.now() < replying)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const second = say(replicas[1]!.url, 'conv-lock', 'dana-15', lockForm[1]!.fields, lockForm[1]!.expect);
    await Promise.all([first, second]);
    connector.holdReplies('conv-lock', 0);

    // 3. SIEM deliveries: the first to one replica, the SIEM's retry (the same signed bytes) to another.
    for (const [alertId, first, retry] of [
      ['9101', 0, 1],
      ['9102', 1, 2],
    ] as const) {
      const body = JSON.stringify({
        alertId,
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        priority: 'P2',
        source: 'splunk',
      });
      const headers = signWebhook(SIEM_SECRET, body);
      siem.push({
        alertId,
        first: await deliverSiem(replicas[first]!.url, body, headers),
        retry: await deliverSiem(replicas[retry]!.url, body, headers),
      });
      confirmedAlertIds.push(alertId);
    }

    // 4. A Web Chat conversation started on the replica about to die.
    const webUser = { Authorization: `Bearer ${WEBCHAT_SECRET}`, 'X-Socbot-User': 'web-15' };
    const issued = await httpRequest(`${victim.url}/webchat/token`, { headers: webUser });
    const { token } = (issued.json ?? {}) as { token?: string };
    const directLine = await startDirectLine(victim.url, token ?? '');
    await directLine.post(victim.url, {
      type: 'message',
      text: 'register alert 7201 on PRD, user DDIC from terminal PC-0815',
    });
    const seenBefore = await directLine.poll(victim.url, '');
    webChat.before = seenBefore.texts;
    webChat.errors.push(...directLine.errors);

    // 5. A conversation whose confirm runs on the victim while the ServiceNow call is held: SIGKILL.
    const killConversation = 'conv-kill';
    const form = FORM('7301');
    for (const step of form.slice(0, 4))
      await say(proxy.url, killConversation, 'eli-15', step.fields, step.expect);
    const confirmStep = form[4]!;
    const confirm: SentTurn = {
      conversationId: killConversation,
      activityId: `${killConversation}-turn-5`,
      expect: confirmStep.expect,
      status: 0,
      servedBy: -1,
    };
    turns.push(confirm);
    confirmedAlertIds.push('7301');
    gate.holdNextCreate();
    let confirmSettled = false;
    const confirmOnVictim = sendTurn(victim.url, confirm, 'eli-15', confirmStep.fields).finally(
      () => (confirmSettled = true),
    );
    kill.jobHeld = await gate.held(8_000);
    kill.midTurn = !confirmSettled;
    kill.proxyRequestsBefore = proxy.requests.length;
    await victim.kill();
    await confirmOnVictim;
    // The held ticket call goes on to ServiceNow: the incident exists though its caller may be dead.
    gate.release();
    // The channel sends the message again (same activity id): it lands on a survivor.
    await sendTurn(proxy.url, confirm, 'eli-15', confirmStep.fields);

    // 6. The Web Chat page carries on through the proxy with its token and watermark.
    await directLine.post(proxy.url, { type: 'message', text: 'P2' });
    await directLine.post(proxy.url, {
      type: 'message',
      value: { action: 'confirm', skill: 'register-alert' },
    });
    const seenAfter = await directLine.poll(proxy.url, seenBefore.watermark);
    webChat.after = seenAfter.texts;
    webChat.errors.push(...directLine.errors);
    confirmedAlertIds.push('7201');

    // 7. The survivors finish: another form in two conversations, alternating over the two of them.
    await formsInLockstep(['conv-a', 'conv-b', 'conv-c'], ['7111', '7112', '7113'], ANALYSTS.slice(0, 3));

    // 8. Every ticket job settles (the victim's job is taken over after its lease).
    const deadline = Date.now() + 20_000;
    while (servicenow.incidents.length < confirmedAlertIds.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
  }, 100_000);

  afterAll(async () => {
    await Promise.all((replicas ?? []).map((replica) => replica.kill()));
    await proxy?.close();
    await gate?.close();
    await servicenow?.close();
    await connector?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs the CLI against the database only: a fresh, empty data directory. */
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const emptyDataDir = await mkdtemp(path.join(tmpdir(), 'socbot-replicas-cli-'));
    try {
      const { stdout, stderr } = await run(process.execPath, [SOCBOT_BIN, ...args], {
        env: { PATH: process.env.PATH ?? '', SOCBOT_DATABASE_URL: db.url, SOCBOT_DATA_DIR: emptyDataDir },
        timeout: 20_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    } finally {
      await rm(emptyDataDir, { recursive: true, force: true });
    }
  }

  it('sent the turns of each conversation to alternating replicas, and killed one mid-turn and mid-job', () => {
    for (const conversationId of ['conv-a', 'conv-b', 'conv-c', 'conv-d']) {
      const servedBy = turns.filter((t) => t.conversationId === conversationId).map((t) => t.servedBy);
      // Within each form (five turns); the kill comes between the first form and the second.
      for (let i = 1; i < servedBy.length; i += 1)
        if (i % 5 !== 0) expect([i, servedBy[i]]).not.toEqual([i, servedBy[i - 1]]);
    }
    expect(kill).toMatchObject({ midTurn: true, jobHeld: true });
    expect(replicas[VICTIM]!.child.signalCode).toBe('SIGKILL');
    // After the kill the proxy found the victim down and sent everything to the survivors.
    expect(proxy.down).toEqual(new Set([VICTIM]));
    const afterKill = proxy.requests.slice(kill.proxyRequestsBefore);
    expect(afterKill.length).toBeGreaterThan(10);
    expect(afterKill.filter((request) => request.target === VICTIM)).toEqual([]);
  });

  it('answered every message once, in order, with the reply its step expects', () => {
    const problems: string[] = [];
    for (const conversationId of new Set(turns.map((turn) => turn.conversationId))) {
      const sent = turns.filter((turn) => turn.conversationId === conversationId);
      const replies = connector.repliesOf(conversationId).filter((reply) => reply.replyToId !== '');
      for (const turn of sent) {
        const matching = replies.filter(
          (reply) => reply.replyToId === turn.activityId && (reply.activity.text ?? '').includes(turn.expect),
        );
        if (turn.status !== 200 || matching.length !== 1)
          problems.push(
            `${turn.activityId} (HTTP ${turn.status}, replica ${turn.servedBy}): ${matching.length} replies with "${turn.expect}"; got ${JSON.stringify(connector.repliesTo(conversationId, turn.activityId).map((r) => r.activity.text))}`,
          );
      }
      // The replies arrived in the order of the messages they answer.
      const order = replies.map((reply) => sent.findIndex((turn) => turn.activityId === reply.replyToId));
      if (order.some((position, i) => i > 0 && position < order[i - 1]!))
        problems.push(`${conversationId}: replies out of order ${JSON.stringify(order)}`);
    }
    expect(problems).toEqual([]);
  });

  it('ran two messages of one conversation, sent at once to two replicas, one after the other', () => {
    const replies = connector
      .repliesOf('conv-lock')
      .filter((reply) => reply.replyToId !== '')
      .map((reply) => [reply.replyToId, reply.activity.text]);
    expect(replies).toEqual([
      ['conv-lock-turn-1', expect.stringContaining('From which terminal')],
      ['conv-lock-turn-2', expect.stringContaining('Which SAP user')],
    ]);
  });

  it('answered a SIEM retry on another replica as a duplicate of the first delivery', () => {
    for (const delivery of siem) {
      expect(delivery.first.status).toBe(202);
      const { ref } = delivery.first.json as { ref: string };
      expect(delivery.retry).toMatchObject({ status: 200, json: { ref, status: 'duplicate' } });
    }
  });

  it('registered every confirmed alert exactly once in the database (socbot alerts --json)', async () => {
    const listed = await cli('alerts', '--json');
    expect(listed).toMatchObject({ code: 0 });
    const alertIds = (JSON.parse(listed.stdout || '[]') as Array<{ alertId: string }>).map((a) => a.alertId);
    expect(alertIds.sort()).toEqual([...confirmedAlertIds].sort());
  });

  it('created every ticket exactly once at the ServiceNow stand-in', () => {
    const ticketed = servicenow.incidents.map(
      (incident) => /^SAP alert (\S+) on /.exec(String(incident.short_description))?.[1] ?? '?',
    );
    expect(ticketed.sort()).toEqual([...confirmedAlertIds].sort());
    const keys = servicenow.incidents.map((incident) => incident.correlation_id);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps one intact audit chain across the replicas (socbot audit verify on the database)', async () => {
    const verified = await cli('audit', 'verify');
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/chain intact/) });
    // Not an empty trail: at least the registration of every alert is in it.
    const entries = Number(/^(\d+) entr/.exec(verified.stdout)?.[1] ?? 0);
    expect(entries).toBeGreaterThanOrEqual(confirmedAlertIds.length);
  });

  it('continues a Web Chat conversation started on the killed replica on a survivor', () => {
    expect(webChat.errors).toEqual([]);
    expect(webChat.before.join('\n')).toContain('Which priority');
    // Only what came after the watermark: the rest of the form, then the registration.
    expect(webChat.after.join('\n')).not.toContain('Which priority');
    expect(webChat.after.join('\n')).toMatch(/Registered alert 7201 as SOC-\d{4}-\d{4}/);
  });
});

/** A Direct Line 3.0 client as Web Chat is one, free to switch servers (the proxy) between calls. */
async function startDirectLine(url: string, token: string) {
  const errors: string[] = [];
  const auth = { Authorization: `Bearer ${token}` };
  const started = await httpRequest(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth });
  if (started.status !== 201) errors.push(`start: ${started.status} ${started.text.slice(0, 300)}`);
  const conversationId = (started.json as { conversationId?: string } | undefined)?.conversationId ?? 'none';
  const activities = `/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`;
  let posted = 0;
  return {
    errors,
    async post(at: string, activity: Record<string, unknown>): Promise<void> {
      posted += 1;
      const answer = await httpRequest(`${at}${activities}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...activity, id: `web-${posted}`, from: { id: 'web-15' } }),
        timeoutMs: 15_000,
      }).catch((error: Error) => ({ status: 0, text: error.message }));
      if (answer.status !== 200) errors.push(`post ${posted}: ${answer.status} ${answer.text.slice(0, 300)}`);
    },
    /** The bot's texts after `watermark`, and the new watermark (past the endpoint's polling-rate bound). */
    async poll(at: string, watermark: string): Promise<{ texts: string[]; watermark: string }> {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const answer = await httpRequest(`${at}${activities}?watermark=${watermark}`, { headers: auth });
      if (answer.status !== 200) errors.push(`poll: ${answer.status} ${answer.text.slice(0, 300)}`);
      const body = (answer.json ?? {}) as {
        activities?: Array<{ text?: string; from?: { id?: string } }>;
        watermark?: string;
      };
      return {
        texts: (body.activities ?? []).filter((a) => a.from?.id !== 'web-15').map((a) => a.text ?? ''),
        watermark: body.watermark ?? watermark,
      };
    },
  };
}

/** A forwarding proxy in front of ServiceNow that can hold the next incident creation. */
interface HoldingGate {
  url: string;
  /** Holds the next `POST /api/now/table/incident` until `release()`. */
  holdNextCreate(): void;
  /** Resolves true once a creation is held, false after `timeoutMs`. */
  held(timeoutMs: number): Promise<boolean>;
  /** Sends the held creation on (ServiceNow creates the incident even when its caller died meanwhile). */
  release(): void;
  close(): Promise<void>;
}

async function startHoldingGate(target: string): Promise<HoldingGate> {
  let arm = false;
  let heldForward: (() => void) | undefined;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = (): void => {
        const upstream = http.request(
          new URL(req.url ?? '/', target),
          { method: req.method, headers: req.headers },
          (answer) => {
            if (res.destroyed) {
              answer.resume();
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        upstream.end(Buffer.concat(chunks));
      };
      const creates = req.method === 'POST' && (req.url ?? '').startsWith('/api/now/table/incident');
      if (arm && creates && !heldForward) {
        arm = false;
        heldForward = forward;
        return;
      }
      forward();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    holdNextCreate: () => void (arm = true),
    async held(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!heldForward && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return heldForward !== undefined;
    },
    release() {
      heldForward?.();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
