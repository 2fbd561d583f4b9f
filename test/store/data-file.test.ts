import { readlinkSync } from 'node:fs';
import fsPromises, { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataFile, isPlainObject } from '../../src/store/data-file';
import { LowdbStorage, STATE_FILE_NAME } from '../../src/store/lowdb-storage';

interface Items {
  items: string[];
}

const isItems = (data: unknown): data is Items => isPlainObject(data) && Array.isArray(data.items);

type SyncMethods = {
  sync: (...args: unknown[]) => Promise<unknown>;
  datasync: (...args: unknown[]) => Promise<unknown>;
};

/** The prototype of the FileHandles fs/promises hands out, to see which files are synced. */
async function fileHandleMethods(dir: string): Promise<SyncMethods> {
  const handle = await fsPromises.open(dir, 'r');
  await handle.close();
  return Object.getPrototypeOf(handle) as SyncMethods;
}

/**
 * Records, in order, every fsync/fdatasync (with the path of the file or directory synced) and
 * every rename, as the kernel would see them.
 */
async function recordSyncsAndRenames(dir: string): Promise<string[]> {
  const events: string[] = [];
  const methods = await fileHandleMethods(dir);
  const pathOf = (fd: number): string => readlinkSync(`/proc/self/fd/${fd}`);
  for (const name of ['sync', 'datasync'] as const) {
    const real = methods[name];
    jest.spyOn(methods, name).mockImplementation(function (this: { fd: number }, ...args: unknown[]) {
      events.push(`${name} ${pathOf(this.fd)}`);
      return real.apply(this, args);
    });
  }
  const realRename = fsPromises.rename;
  jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
    events.push(`rename ${path.basename(String(from))} -> ${String(to)}`);
    return realRename(from, to);
  });
  return events;
}

describe('DataFile durability', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-data-file-'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('syncs the new content before it replaces the file, and the directory after the rename', async () => {
    const file = path.join(dir, 'outbox.json');
    const data = new DataFile<Items>(file, () => ({ items: [] }), isItems);
    const events = await recordSyncsAndRenames(dir);
    await data.update((content) => content.items.push('job-1'));

    const renameAt = events.findIndex(
      (event) => event.startsWith('rename ') && event.endsWith(` -> ${file}`),
    );
    expect(renameAt).toBeGreaterThan(0);
    const renamed = /^rename (\S+) ->/.exec(events[renameAt] ?? '')?.[1] ?? '';
    // The temp file's data is on disk before the name points at it ...
    expect(events.slice(0, renameAt)).toContain(`datasync ${path.join(dir, renamed)}`);
    // ... and the rename is on disk before the update resolves.
    expect(events.slice(renameAt + 1)).toContain(`sync ${dir}`);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ items: ['job-1'] });
    expect(await readdir(dir)).toEqual(['outbox.json']);
  });

  it('leaves the old content and no temp file when the sync fails', async () => {
    const file = path.join(dir, 'outbox.json');
    const data = new DataFile<Items>(file, () => ({ items: [] }), isItems);
    await data.update((content) => content.items.push('job-1'));
    const methods = await fileHandleMethods(dir);
    jest.spyOn(methods, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO'), { code: 'EIO' }));
    await expect(data.update((content) => content.items.push('job-2'))).rejects.toThrow('EIO');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ items: ['job-1'] });
    expect(await readdir(dir)).toEqual(['outbox.json']);
    // Still in memory and not on disk: the next write carries it.
    await data.update((content) => content.items.push('job-3'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ items: ['job-1', 'job-2', 'job-3'] });
  });

  it('writes the state snapshot (state.json) the same way', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { step: 1 } });
    const events = await recordSyncsAndRenames(dir);
    await storage.close(); // folds the journal into a new snapshot
    const snapshot = path.join(dir, STATE_FILE_NAME);
    const renameAt = events.findIndex((event) => event.endsWith(` -> ${snapshot}`));
    expect(renameAt).toBeGreaterThan(0);
    const renamed = /^rename (\S+) ->/.exec(events[renameAt] ?? '')?.[1] ?? '';
    expect(events.slice(0, renameAt)).toContain(`datasync ${path.join(dir, renamed)}`);
    expect(events.slice(renameAt + 1)).toContain(`sync ${dir}`);
  });
});
