import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with `content` so that, once the promise resolves, the new content survives a
 * power loss, and a crash at any moment leaves either the old or the new file, never a mix:
 *
 * 1. write a temp file next to it (same directory, so the rename stays on one file system),
 * 2. fdatasync the temp file: its data is on disk before any name points at it,
 * 3. rename it over the target (atomic),
 * 4. fsync the directory: the rename itself is on disk.
 *
 * steno (lowdb's writer) does 1 and 3 only: after a power loss the file could be empty or hold the
 * old content although the caller was told it was written.
 *
 * @example
 *   await writeFileDurably('./data/outbox.json', JSON.stringify({ jobs }));
 */
export async function writeFileDurably(file: string, content: string, mode = 0o600): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(file));
}

/**
 * fsyncs a directory, so the names created, renamed or removed in it are on disk. Where a platform
 * cannot open a directory for that (Windows), there is nothing more to do.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
