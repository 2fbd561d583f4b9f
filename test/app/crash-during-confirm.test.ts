import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { auditFilePath } from '../../src/audit/audit-log';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { verifyAudit } from '../../src/audit/verify-audit';
import { AlertRegister } from '../../src/store/alert-register';
import { ActionIntentLog } from '../../src/store/action-intents';

const FIXTURE = path.join(__dirname, 'fixtures', 'confirm-then-crash.ts');

/** What one child process printed, and how it ended. */
interface ChildRun {
  lines: Array<Record<string, unknown>>;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

function runFixture(args: string[]): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', FIXTURE, ...args],
      { timeout: 20_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as (Error & { signal?: NodeJS.Signals; code?: number }) | null;
        resolve({
          lines: stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>),
          signal: failure?.signal ?? null,
          code: failure ? (typeof failure.code === 'number' ? failure.code : 1) : 0,
          stderr,
        });
      },
    );
  });
}

/** A ticket webhook that takes the request and never answers: the ticket job stays in flight. */
async function startSilentWebhook(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer(() => undefined);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tickets`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface OutboxOnDisk {
  jobs: Array<{ type: string; idempotencyKey: string; status: string; payload: Record<string, unknown> }>;
}

/**
 * Issue 12, item 1: a kill -9 during Confirm must lose nothing. A child process drives a real
 * confirm turn ("register alert", then the Confirm button) through the app and kills itself with
 * SIGKILL right after its 1st, 2nd, … write (every file write and rename the turn makes), so
 * every gap between two writes is hit once. Then socbot starts again on each data directory and
 * finishes what the crash cut off.
 */
describe('a crash during Confirm', () => {
  let dir: string;
  let webhook: Awaited<ReturnType<typeof startSilentWebhook>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-crash-'));
    webhook = await startSilentWebhook();
  });
  afterAll(async () => {
    await webhook.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('after a kill between any two writes, the next start leaves one alert with its ticket job and audit entries, the analyst told, the trail intact', async () => {
    // How many writes a confirm turn makes, from one that runs to the end.
    const whole = await runFixture(['confirm', webhook.url, path.join(dir, 'whole'), '0']);
    expect(whole.stderr).toBe('');
    const done = whole.lines.find((line) => line.done === true);
    const writes = Number(done?.writes);
    // begin, confirmation, alert, ticket job, its audit call, memory, result, finish, at least.
    expect(writes).toBeGreaterThanOrEqual(8);
    expect(writes).toBeLessThan(30);

    const killPoints = Array.from({ length: writes }, (_, index) => index + 1);
    const dataDirOf = (killAfter: number): string => path.join(dir, `killed-after-${killAfter}`);
    const killed = new Map<number, ChildRun>();
    // Two at a time: each child costs mostly its start-up.
    for (let at = 0; at < killPoints.length; at += 2) {
      const pair = killPoints.slice(at, at + 2);
      const runs = await Promise.all(
        pair.map((killAfter) =>
          runFixture(['confirm', webhook.url, dataDirOf(killAfter), String(killAfter)]),
        ),
      );
      pair.forEach((killAfter, index) => killed.set(killAfter, runs[index] as ChildRun));
    }
    for (const [killAfter, run] of killed) {
      // Each was cut off by its own SIGKILL, at the write it was told.
      expect({ killAfter, signal: run.signal, stderr: run.stderr }).toEqual({
        killAfter,
        signal: 'SIGKILL',
        stderr: '',
      });
    }

    const recovered = await runFixture(['recover', webhook.url, ...killPoints.map(dataDirOf)]);
    expect(recovered.stderr).toBe('');
    expect(recovered.code).toBe(0);

    for (const killAfter of killPoints) {
      const dataDir = dataDirOf(killAfter);
      const confirmed = (await new ActionIntentLog(dataDir).unfinished()).length === 0;
      const register = new AlertRegister(dataDir);
      const alerts = await register.list();
      await register.close();
      const first = alerts.filter((alert) => alert.alertId === '4711');
      const second = alerts.filter((alert) => alert.alertId === '4712');
      const facts = { killAfter, confirmed, first: first.length, second: second.length };
      // Every kill point is after the intent's begin (the first write): the alert is there, once.
      expect(facts).toEqual({ killAfter, confirmed: true, first: 1, second: 1 });
      const ref = first[0]?.ref ?? '';
      // No reference handed out twice: the alert registered after the restart got the next one.
      expect(new Set(alerts.map((alert) => alert.ref)).size).toBe(alerts.length);
      expect(second[0]?.ref).not.toBe(ref);

      const outbox = JSON.parse(await readFile(path.join(dataDir, 'outbox.json'), 'utf8')) as OutboxOnDisk;
      const tickets = outbox.jobs.filter((job) => job.type === 'ticket.create');
      expect({ killAfter, tickets: tickets.map((job) => job.idempotencyKey).sort() }).toEqual({
        killAfter,
        tickets: [`${ref}:ticket.create`, `${second[0]?.ref ?? ''}:ticket.create`].sort(),
      });

      const { lines } = await readAuditFile(auditFilePath(dataDir));
      const entries = lines.flatMap((line) => (line.entry ? [line.entry] : []));
      const results = entries.filter((entry) => entry.action === 'result' && entry.alertRef === ref);
      const conversationResults = results.filter((entry) => entry.actor.id !== 'system');
      expect({ killAfter, results: conversationResults.map((entry) => entry.result) }).toEqual({
        killAfter,
        results: [`done: ${ref}`],
      });
      const confirmations = entries.filter(
        (entry) =>
          entry.action === 'confirmation' &&
          entry.details.requestId === conversationResults[0]?.details.requestId,
      );
      expect({ killAfter, confirmations: confirmations.length }).toEqual({ killAfter, confirmations: 1 });
      expect(await verifyAudit(auditFilePath(dataDir))).toMatchObject({ intact: true });

      // The analyst heard about the alert: in the cut-off turn, or by message after the restart.
      const inTurn = (killed.get(killAfter)?.lines ?? []).some((line) =>
        String(line.reply ?? '').includes(`Registered alert 4711 as ${ref}`),
      );
      const told = recovered.lines.filter((line) => line.dataDir === dataDir && 'told' in line);
      const toldRecovered = told.some(
        (line) =>
          String(line.told).startsWith('socbot restarted while it was handling your confirmed request') &&
          String(line.told).includes(`Registered alert 4711 as ${ref}`),
      );
      expect({ killAfter, told: inTurn || toldRecovered }).toEqual({ killAfter, told: true });
      // Told at most once after the restart.
      expect(told.filter((line) => String(line.told).startsWith('socbot restarted'))).toHaveLength(
        toldRecovered ? 1 : 0,
      );
    }
  }, 120_000);
});
