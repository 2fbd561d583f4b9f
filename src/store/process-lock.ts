import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SocbotError } from '../errors';
import { removeIfStale } from './remove-if-stale';

/** The live process that holds a lock, as another process finds it. */
export interface LockHolder {
  pid: number;
  /** The note it wrote after its pid (what it runs); '' when none. */
  note: string;
  file: string;
}

/** What a lock says about its holder, and what another process is told when it finds it taken. */
export interface LockOptions {
  /** One line written after the pid, for the message of a process that finds the lock taken. */
  note?: string;
  /** The whole DATA_DIR_IN_USE message for a live holder; default: the generic one with `advice`. */
  inUse?: (holder: LockHolder) => string;
}

/** Rounds of "create, or find the holder and take a dead one's lock over" before giving up. */
const MAX_ACQUIRE_ROUNDS = 50;
/** How long a taker waits while another one removes a dead holder's lock (microseconds of work). */
const TAKEOVER_BUSY_WAIT_MS = 10;
/** A takeover marker older than this was left by a taker that died in those microseconds. */
const STALE_TAKEOVER_MS = 10_000;

/**
 * A lock file holding the owner's process id, so that two processes never write the same files.
 *
 * Why not a lock that goes stale by age (proper-lockfile): a bot restarted by its supervisor right
 * after a crash would be refused until the old lock aged out. Here a lock whose process is gone is
 * taken over at once. A lock holding this process's own id is taken over too: in a container every
 * start is pid 1, so that is a lock left by an earlier run (two stores of one process on the same
 * files are not detected; the app opens one). Process ids are per host: two containers sharing one
 * volume are not kept apart.
 *
 * Two processes starting at the same moment get one lock between them: the file is created whole
 * (written aside, then linked into place, so it is never seen empty), and a dead holder's file is
 * removed only by the one taker that holds the takeover marker (`<file>.takeover`, created the same
 * way) and has read the dead owner's pid again under it; then every taker races to create the file
 * whole, and one wins. (Renaming the dead lock away without the marker let a slow taker move a live
 * winner's new lock aside for a moment, and a third process won too.)
 *
 * @example
 *   const lock = await ProcessLock.acquire('./data/state.lock', 'the conversation state in ./data');
 *   await lock.release();
 */
export class ProcessLock {
  private constructor(readonly file: string) {}

  /** `advice` follows "only one may." in the DATA_DIR_IN_USE message (what to do instead). */
  static async acquire(
    file: string,
    what: string,
    advice = '',
    options: LockOptions = {},
  ): Promise<ProcessLock> {
    for (let round = 1; round <= MAX_ACQUIRE_ROUNDS; round++) {
      if (await createWhole(file, options.note ?? '')) return new ProcessLock(file);
      const owner = await ownerOf(file);
      if (owner === undefined) continue; // gone meanwhile: try to create it again
      if (owner !== process.pid && isAlive(owner)) {
        const note = await noteOf(file);
        throw new SocbotError(
          'DATA_DIR_IN_USE',
          options.inUse?.({ pid: owner, note, file }) ??
            `Another socbot process (pid ${owner}) is writing ${what}: only one may. ${advice}Stop it, or give ` +
              `this process a data directory of its own (SOCBOT_DATA_DIR). If no socbot runs as pid ${owner}, ` +
              `delete ${file}.`,
          { file, pid: owner, holder: note },
        );
      }
      await takeOverFrom(file, owner);
    }
    throw new SocbotError(
      'DATA_DIR_IN_USE',
      `Could not take ${file} for ${what}: other processes kept taking it at the same moment. Start one ` +
        'socbot at a time on a data directory.',
      { file },
    );
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => undefined);
  }
}

/** Creates the lock file with this process's id (and note) in it; false when it exists already. */
async function createWhole(file: string, note: string): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(aside, note === '' ? String(process.pid) : `${process.pid}\n${note}`, { mode: 0o600 });
  try {
    await link(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/** The pid in the lock file; undefined when there is none (removed meanwhile). */
async function ownerOf(file: string): Promise<number | undefined> {
  try {
    const owner = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isInteger(owner) ? owner : 0; // unreadable: nobody alive holds it
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The note after the pid in the lock file; '' when there is none. */
async function noteOf(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n')[1]?.trim() ?? '';
}

/**
 * Removes the dead `owner`'s lock, if this taker holds the takeover marker and the lock still names
 * `owner` (nobody but a marker holder removes a present lock, so it cannot change meanwhile). A
 * taker that finds the marker held waits a moment; the caller then tries to create the lock again.
 */
async function takeOverFrom(file: string, owner: number): Promise<void> {
  const marker = `${file}.takeover`;
  if (!(await createWhole(marker, ''))) {
    // A marker whose taker died while holding it would block every later start.
    await removeIfStale(marker, STALE_TAKEOVER_MS);
    await sleep(TAKEOVER_BUSY_WAIT_MS);
    return;
  }
  try {
    if ((await ownerOf(file)) === owner) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
