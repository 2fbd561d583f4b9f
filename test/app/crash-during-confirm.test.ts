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
    // The confirmation, the alert, the ticket job, its audit call, the memory and the result at least.
    expect(writes).toBeGreaterThanOrEqual(6);
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

    // Every kill point is after the intent's begin (the first write): each form was confirmed.
    const problems: Record<string, string[]> = {};
    for (const killAfter of killPoints) {
      const found = await whatIsWrong(dataDirOf(killAfter), killed.get(killAfter), recovered);
      if (found.length > 0) problems[`killed after write ${killAfter} of ${writes}`] = found;
    }
    expect(problems).toEqual({});
  }, 120_000);
});

/**
 * What the restarted socbot left wrong on a data directory whose confirm turn was killed: one
 * sentence per broken promise (empty when nothing was lost).
 */
async function whatIsWrong(
  dataDir: string,
  killedRun: ChildRun | undefined,
  recovered: ChildRun,
): Promise<string[]> {
  const problems: string[] = [];
  const open = await new ActionIntentLog(dataDir).unfinished();
  if (open.length > 0) problems.push(`${open.length} action intent(s) still unfinished`);
  const register = new AlertRegister(dataDir);
  const alerts = await register.list();
  await register.close();
  const first = alerts.filter((alert) => alert.alertId === '4711');
  const second = alerts.filter((alert) => alert.alertId === '4712');
  if (first.length !== 1) problems.push(`${first.length} alerts for the confirmed form, not 1`);
  if (second.length !== 1) problems.push(`${second.length} alerts registered after the restart, not 1`);
  const ref = first[0]?.ref ?? '(none)';
  // No reference handed out twice: the alert registered after the restart got the next one.
  if (new Set(alerts.map((alert) => alert.ref)).size !== alerts.length)
    problems.push(`a reference was handed out twice: ${alerts.map((alert) => alert.ref).join(', ')}`);

  const outbox = JSON.parse(await readFile(path.join(dataDir, 'outbox.json'), 'utf8')) as OutboxOnDisk;
  const tickets = outbox.jobs.filter((job) => job.idempotencyKey === `${ref}:ticket.create`);
  if (tickets.length !== 1) problems.push(`${tickets.length} ticket jobs for ${ref}, not 1`);

  const { lines } = await readAuditFile(auditFilePath(dataDir));
  const entries = lines.flatMap((line) => (line.entry ? [line.entry] : []));
  const results = entries.filter(
    (entry) => entry.action === 'result' && entry.alertRef === ref && entry.actor.id !== 'system',
  );
  if (results.map((entry) => entry.result).join() !== `done: ${ref}`)
    problems.push(`audit results for ${ref}: [${results.map((entry) => entry.result).join(', ')}]`);
  const requestId = first[0]?.requestId;
  const confirmations = entries.filter(
    (entry) => entry.action === 'confirmation' && entry.details.requestId === requestId,
  );
  if (confirmations.length !== 1) problems.push(`${confirmations.length} audited confirmations, not 1`);
  const verified = await verifyAudit(auditFilePath(dataDir));
  if (!verified.intact) problems.push(`audit verify: ${verified.problem} at line ${verified.lineNo}`);

  // The analyst heard about the alert: in the cut-off turn, or by message after the restart (once).
  const inTurn = (killedRun?.lines ?? []).some((line) =>
    String(line.reply ?? '').includes(`Registered alert 4711 as ${ref}`),
  );
  // Cut off before its result was audited, the action ran again and says so; after, the result is told.
  const toldAfter = recovered.lines.filter(
    (line) =>
      line.dataDir === dataDir &&
      /^(socbot restarted while it was handling your|Your) confirmed request/.test(String(line.told ?? '')),
  );
  if (toldAfter.length > 1) problems.push(`told ${toldAfter.length} times after the restart`);
  const toldRef = toldAfter.some(
    (line) =>
      String(line.told).includes(`Registered alert 4711 as ${ref}`) ||
      String(line.told).includes(`was done (${ref}) before socbot restarted`),
  );
  if (!inTurn && !toldRef) problems.push('the analyst was never told the alert was registered');
  return problems;
}
