import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { isSocbotError } from '../../src/errors';
import { ProcessLock } from '../../src/store/process-lock';

const run = promisify(execFile);
const TAKER = path.join(__dirname, 'helpers', 'take-lock.ts');

describe('ProcessLock', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-lock-'));
    file = path.join(dir, 'socbot.lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Processes that all try to take the lock at the same moment; what each printed. */
  async function takersAtOnce(count: number): Promise<string[]> {
    // A barrier rather than a start time: under load a process can take seconds to start, and one
    // that starts after the winner released the lock would win too.
    const barrier = await mkdtemp(path.join(os.tmpdir(), 'socbot-lock-barrier-'));
    try {
      const outcomes = await Promise.all(
        Array.from({ length: count }, () =>
          run(process.execPath, ['--import', 'tsx', TAKER, file, barrier, String(count), '1000'], {
            timeout: 40_000,
          }),
        ),
      );
      return outcomes.map(({ stdout }) => stdout.trim()).sort();
    } finally {
      await rm(barrier, { recursive: true, force: true });
    }
  }

  it.each([
    ['a directory without a lock', async () => undefined],
    ['the lock of a process that is gone', (lockFile: string) => writeFile(lockFile, '999999999')],
  ])(
    'gives one lock to processes starting at the same moment on %s',
    async (_case, prepare) => {
      await prepare(file);
      for (let round = 0; round < 2; round++) {
        const outcomes = await takersAtOnce(5);
        expect(outcomes).toEqual([
          'DATA_DIR_IN_USE',
          'DATA_DIR_IN_USE',
          'DATA_DIR_IN_USE',
          'DATA_DIR_IN_USE',
          'won',
        ]);
        await prepare(file);
      }
      // Nothing left behind but the lock a round may have prepared.
      expect((await readdir(dir)).filter((name) => name !== 'socbot.lock')).toEqual([]);
    },
    90_000,
  );

  it('refuses while a live process holds it, naming it, with the advice given', async () => {
    await writeFile(file, String(process.ppid));
    const error: unknown = await ProcessLock.acquire(file, 'the test data', 'Use the other one. ').catch(
      (e: unknown) => e,
    );
    expect(isSocbotError(error, 'DATA_DIR_IN_USE')).toBe(true);
    expect((error as Error).message).toBe(
      `Another socbot process (pid ${process.ppid}) is writing the test data: only one may. Use the other one. ` +
        `Stop it, or give this process a data directory of its own (SOCBOT_DATA_DIR). If no socbot runs as ` +
        `pid ${process.ppid}, delete ${file}.`,
    );
    expect(await readFile(file, 'utf8')).toBe(String(process.ppid));
  });

  it('takes over an empty or unreadable lock file and its own pid (a restart as pid 1)', async () => {
    for (const content of ['', 'not a pid', String(process.pid)]) {
      await writeFile(file, content);
      const lock = await ProcessLock.acquire(file, 'the test data');
      expect(await readFile(file, 'utf8')).toBe(String(process.pid));
      await lock.release();
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it("takes over a dead holder's lock although a taker died holding the takeover marker long ago", async () => {
    await writeFile(file, '999999999');
    const marker = `${file}.takeover`;
    await writeFile(marker, '999999998');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(marker, longAgo, longAgo);
    const lock = await ProcessLock.acquire(file, 'the test data');
    expect(await readFile(file, 'utf8')).toBe(String(process.pid));
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a fresh takeover marker instead of removing the lock under it', async () => {
    await writeFile(file, '999999999');
    await writeFile(`${file}.takeover`, '999999998');
    const error: unknown = await ProcessLock.acquire(file, 'the test data').catch((e: unknown) => e);
    expect(isSocbotError(error, 'DATA_DIR_IN_USE')).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('999999999');
  });
});
