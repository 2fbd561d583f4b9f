/**
 * A process that tries to take a lock at a given moment (test/store/process-lock.test.ts):
 * `take-lock.ts <file> <startAtEpochMs> <holdMs>` prints "won" or the error code, holds a won lock
 * for holdMs, then releases it.
 */
import { ProcessLock } from '../../../src/store/process-lock';

async function main(): Promise<void> {
  const [file = '', startAt = '0', holdMs = '0'] = process.argv.slice(2);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
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
