/**
 * A process that tries to take a lock at the same moment as its siblings
 * (test/store/process-lock.test.ts): `take-lock.ts <file> <barrierDir> <count> <holdMs>` marks itself
 * ready in barrierDir, waits until `count` processes are ready (however slowly each one started),
 * then prints "won" or the error code, holds a won lock for holdMs, and releases it.
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ProcessLock } from '../../../src/store/process-lock';

/** The longest a taker waits for its siblings; a test that hits it fails on its outcome count. */
const BARRIER_TIMEOUT_MS = 30_000;

async function allReady(barrierDir: string, count: number): Promise<void> {
  const deadline = Date.now() + BARRIER_TIMEOUT_MS;
  while ((await readdir(barrierDir)).length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function main(): Promise<void> {
  const [file = '', barrierDir = '', count = '1', holdMs = '0'] = process.argv.slice(2);
  await writeFile(path.join(barrierDir, `ready-${process.pid}`), '');
  await allReady(barrierDir, Number(count));
  try {
    const lock = await ProcessLock.acquire(file, 'the test data');
    process.stdout.write('won\n');
    await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
    await lock.release();
  } catch (error) {
    process.stdout.write(`${(error as { code?: string }).code ?? String(error)}\n`);
  }
}

void main();
