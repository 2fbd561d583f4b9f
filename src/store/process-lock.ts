import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import { SocbotError } from '../errors';

/**
 * A lock file holding the owner's process id, so that two processes never write the same files.
 *
 * Why not a lock that goes stale by age (proper-lockfile): a bot restarted by its supervisor right
 * after a crash would be refused until the old lock aged out. Here a lock whose process is gone is
 * taken over at once. A lock holding this process's own id is taken over too: in a container every
 * start is pid 1, so that is a lock left by an earlier run (two stores of one process on the same
 * files are not detected; the app opens one).
 *
 * @example
 *   const lock = await ProcessLock.acquire('./data/state.lock', 'the conversation state in ./data');
 *   await lock.release();
 */
export class ProcessLock {
  private constructor(readonly file: string) {}

  static async acquire(file: string, what: string): Promise<ProcessLock> {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return new ProcessLock(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new SocbotError(
        'DATA_DIR_IN_USE',
        `Another socbot process (pid ${owner}) is writing ${what}: only one may. Stop it, or give this ` +
          `process a data directory of its own (SOCBOT_DATA_DIR). If no socbot runs as pid ${owner}, delete ${file}.`,
        { file, pid: owner },
      );
    }
    // Left by a process that is gone (or by an earlier run of this one): taken over.
    await writeFile(file, String(process.pid), { mode: 0o600 });
    return new ProcessLock(file);
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
