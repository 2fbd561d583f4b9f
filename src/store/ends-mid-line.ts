import { open, type FileHandle } from 'node:fs/promises';

/** True when the file's last byte is not a line break (a write cut off by a crash). */
export async function endsMidLine(file: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last.toString('utf8') !== '\n';
  } finally {
    await handle.close();
  }
}
