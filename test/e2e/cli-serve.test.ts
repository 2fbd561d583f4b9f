import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest } from '../helpers/http-request';
import { ensureCompiledCli, SOCBOT_BIN } from './helpers/compiled-cli';
import { conversationOverHttp } from './helpers/conversation-over-http';
import { jsonDataFiles } from './helpers/data-files';
import { PROJECT_CORPUS } from './helpers/trained-model';

/** A spawned `socbot serve` with its JSON log lines and exit. */
interface ServeProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: Promise<number | null>;
  waitForLine(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

function spawnServe(env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, [SOCBOT_BIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let pending = '';
  let errText = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => (errText += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr: () => errText,
    exited,
    async waitForLine(msg, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = lines.find((l) => l.msg === msg);
        if (line) return line;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no "${msg}" log line; stderr: ${errText}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

describe('the socbot serve process', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ensureCompiledCli();
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-cli-serve-'));
    connector = await startConnectorStandIn();
  }, 180_000);
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 with the message when the configuration is invalid', async () => {
    const serve = spawnServe({ PORT: 'not-a-port' });
    children.push(serve.child);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(/CONFIG_INVALID.*PORT/);
  });

  it('trains a missing model, serves turns, and on SIGTERM finishes the turn in flight and exits 0', async () => {
    const dataDir = path.join(dir, 'data');
    const serve = spawnServe({
      PORT: '0',
      HOST: '127.0.0.1',
      SOCBOT_DATA_DIR: dataDir,
      // The connector's user may register alerts (a user without a role is refused before any question).
      SOCBOT_ROLES: 'analyst:analyst-1',
      SOCBOT_MODEL: path.join(dir, 'models', 'socbot.model.json'),
      SOCBOT_CORPUS: PROJECT_CORPUS,
      SOCBOT_SHUTDOWN_GRACE_MS: '5000',
    });
    children.push(serve.child);
    await serve.waitForLine('no model file yet: training one from the corpus');
    const { url } = (await serve.waitForLine('socbot listening')) as { url: string };

    expect((await httpRequest(`${url}/healthz`)).json).toMatchObject({
      status: 'ok',
      model: { corpusHash: expect.any(String) },
    });
    const chat = conversationOverHttp(connector, 'conv-cli');
    expect((await chat.say(url, 'register alert 4711 on PRD')).text).toContain('From which terminal');

    // The connector holds the bot's reply, so this turn is still running when SIGTERM arrives.
    connector.holdReplies('conv-cli', 800);
    const repliesBefore = connector.repliesOf('conv-cli').length;
    const inFlight = chat.say(url, 'PC-0815');
    const deadline = Date.now() + 10_000;
    while (connector.repliesOf('conv-cli').length === repliesBefore && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    serve.child.kill('SIGTERM');

    const turn = await inFlight;
    expect(turn.status).toBe(200);
    expect(turn.text).toContain('Which SAP user');
    expect(await serve.exited).toBe(0);
    expect(serve.lines.find((l) => l.msg === 'shutting down: finishing turns in flight')).toMatchObject({
      turnsInFlight: 1,
    });
    expect(serve.lines.find((l) => l.msg === 'socbot stopped')).toMatchObject({ drained: true });
    // One JSON log line per request, none with the body or headers.
    const requests = serve.lines.filter((l) => l.msg === 'request');
    expect(requests.map((l) => [l.method, l.path, l.status])).toEqual([
      ['GET', '/healthz', 200],
      ['POST', '/api/messages', 200],
      ['POST', '/api/messages', 200],
    ]);
    expect(requests[1]).toMatchObject({ conversationId: 'conv-cli', ms: expect.any(Number) });
    // The stop flushed the store: its files are whole JSON and hold the conversation.
    const contents = await jsonDataFiles(dataDir);
    expect(contents.length).toBeGreaterThan(0);
    for (const content of contents) expect(() => JSON.parse(content)).not.toThrow();
    expect(contents.join('')).toContain('PC-0815');
  }, 60_000);
});
