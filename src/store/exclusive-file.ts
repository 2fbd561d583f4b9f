import { randomUUID } from 'node:crypto';
import { link, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates `file` with `text` unless a file of that name exists, and says whether it did.
 *
 * - Atomic: the text goes to a temp file in the same folder first, so a reader (another process
 *   listing the folder) sees no file or the whole text, never a half-written one.
 * - Exclusive: the temp file gets its final name through `link`, which fails with EEXIST when the
 *   name is taken, where `rename` would silently replace the file another process just created.
 *
 * Needs a file system with hard links (any local one on Linux, macOS and Windows/NTFS).
 *
 * @example
 *   if (!(await createExclusively('data/alerts/SOC-2026-0001.json', text))) {
 *     // another process took SOC-2026-0001 first: try the next reference
 *   }
 */
export async function createExclusively(file: string, text: string): Promise<boolean> {
  // Not `.json`: a reader that lists the folder for records skips it.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    // The file keeps the content through its own name. A temp file left behind (this unlink
    // failing, a crash) holds nothing the register reads, so it is only clutter.
    await unlink(temp).catch(() => undefined);
  }
}
