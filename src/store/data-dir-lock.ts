import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ProcessLock } from './process-lock';

/** `<dataDir>/socbot.lock`: the process id of the one socbot that writes the data directory. */
export const DATA_DIR_LOCK_FILE_NAME = 'socbot.lock';

/**
 * Takes the data directory for this process: `socbot serve` or `socbot chat`, one at a time. The
 * audit trail's hash chain, the outbox, the review queue and the conversation directory are
 * written from one process's memory: a second writer would fork the chain (`socbot audit verify`
 * would report it broken) and overwrite the other's jobs. Fails with DATA_DIR_IN_USE naming the
 * other process; a lock left by a process that is gone is taken over.
 *
 * @example
 *   const lock = await lockDataDir('./data'); // DATA_DIR_IN_USE while `socbot serve` runs there
 *   await lock.release();
 */
export async function lockDataDir(dataDir: string): Promise<ProcessLock> {
  await mkdir(dataDir, { recursive: true });
  return ProcessLock.acquire(
    path.join(dataDir, DATA_DIR_LOCK_FILE_NAME),
    `the data directory ${dataDir}`,
    'To talk to a running server, use its Web Chat page rather than socbot chat. ',
  );
}
