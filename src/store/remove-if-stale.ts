import { randomUUID } from 'node:crypto';
import { link, rename, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** Test seam: runs between the staleness check and the removal (a barrier in the race test). */
export interface RemoveIfStaleHooks {
  afterCheck?: () => Promise<void>;
}

/**
 * Removes `file` when it was last written more than `staleAfterMs` ago; true when it did.
 *
 * Race-free against a live file taking the stale one's place after the check: the file is renamed
 * to a name of this call's own (atomic, so what is moved cannot change any more), and removed only
 * when it is the file that was judged stale (same inode and mtime; an inode number alone can be
 * reused at once). Anything else is linked back, never over a file created meanwhile. The live
 * file is away for the microseconds between the two calls; a taker creating its own marker in that
 * moment is the one case left (then the moved one is dropped: its holder is a taker like any other).
 *
 * @example
 *   await removeIfStale(`${lockFile}.takeover`, 10_000);
 */
export async function removeIfStale(
  file: string,
  staleAfterMs: number,
  hooks: RemoveIfStaleHooks = {},
): Promise<boolean> {
  const checked = await stat(file).catch(() => undefined);
  if (!checked || !isStale(checked, staleAfterMs)) return false;
  await hooks.afterCheck?.();
  const moved = `${file}.stale.${process.pid}.${randomUUID()}`;
  try {
    await rename(file, moved);
  } catch {
    return false; // gone meanwhile: someone else removed it
  }
  const found = await stat(moved).catch(() => undefined);
  const same =
    found !== undefined &&
    found.ino === checked.ino &&
    found.dev === checked.dev &&
    found.mtimeMs === checked.mtimeMs &&
    isStale(found, staleAfterMs);
  if (!same) await link(moved, file).catch(() => undefined);
  await unlink(moved).catch(() => undefined);
  return same;
}

function isStale(stats: Stats, staleAfterMs: number): boolean {
  return Date.now() - stats.mtimeMs > staleAfterMs;
}
