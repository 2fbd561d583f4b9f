import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError } from '../../src/errors';
import {
  CONSOLE_STATE_NAME,
  CREATE_ONLY_ETAG,
  LowdbStorage,
  STATE_FILE_NAME,
  STATE_JOURNAL_FILE_NAME,
} from '../../src/store/lowdb-storage';
import { StateJournal } from '../../src/store/state-journal';

describe('LowdbStorage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-storage-'));
  });
  /** Every storage a test opens, closed after it (one left open keeps its journal's file handle). */
  const opened: LowdbStorage[] = [];
  const storageIn = (...args: ConstructorParameters<typeof LowdbStorage>): LowdbStorage => {
    const storage = new LowdbStorage(...args);
    opened.push(storage);
    return storage;
  };
  afterEach(async () => {
    // One at a time: two instances of one directory (a restart) fold through the same temp file.
    for (const storage of opened.splice(0)) await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what it wrote, with an eTag, and deletes', async () => {
    const storage = storageIn(dir);
    await storage.write({ a: { topic: 'alert' } });
    const { a } = await storage.read(['a', 'missing']);
    expect(a).toEqual({ topic: 'alert', eTag: expect.any(String) });
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
  });

  it('survives a restart: a new instance reads what the old one wrote', async () => {
    const before = storageIn(dir);
    await before.write({ conv: { step: 2, facts: { username: 'DDIC' } } });
    await before.flush();
    const after = storageIn(dir);
    expect((await after.read(['conv'])).conv).toMatchObject({ step: 2, facts: { username: 'DDIC' } });
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    const storage = storageIn(dir);
    await storage.write({ conv: { facts: { username: 'DDIC' } } });
    const first = (await storage.read(['conv'])).conv as { facts: { username: string } };
    first.facts.username = 'changed';
    expect((await storage.read(['conv'])).conv).toMatchObject({ facts: { username: 'DDIC' } });
  });

  it('rejects a write with a stale eTag as STORAGE_CONFLICT and keeps the newer value', async () => {
    const storage = storageIn(dir);
    await storage.write({ conv: { n: 1 } });
    const first = (await storage.read(['conv'])).conv as object;
    const second = (await storage.read(['conv'])).conv as object;
    await storage.write({ conv: { ...first, n: 2 } });
    const stale = storage.write({ conv: { ...second, n: 3 } });
    await expect(stale).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2 });
  });

  it('overwrites whatever is stored when the eTag is "*"', async () => {
    const storage = storageIn(dir);
    await storage.write({ conv: { n: 1 } });
    await storage.write({ conv: { n: 2, eTag: '*' } });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2 });
  });

  it('writes a create-only item once and refuses it when the key exists', async () => {
    const storage = storageIn(dir);
    await storage.write({ conv: { n: 1, eTag: CREATE_ONLY_ETAG } });
    await expect(storage.write({ conv: { n: 2, eTag: CREATE_ONLY_ETAG } })).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
    });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 1 });
  });

  it('gives the written item its new eTag, so the same object can be written again', async () => {
    const storage = storageIn(dir);
    await storage.write({ conv: { n: 1 } });
    const item = (await storage.read(['conv'])).conv as { n: number };
    item.n = 2;
    await storage.write({ conv: item });
    item.n = 3;
    await storage.write({ conv: item });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 3 });
  });

  it('writes nothing of a batch when one item conflicts', async () => {
    const storage = storageIn(dir);
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    await expect(storage.write({ a: { n: 2 }, b: { n: 2, eTag: 'stale' } })).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
    });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 1 });
  });

  it('serializes concurrent writes: none is lost, across a restart too', async () => {
    const storage = storageIn(dir);
    await Promise.all(Array.from({ length: 25 }, (_, i) => storage.write({ [`k${i}`]: { i } })));
    const read = await storageIn(dir).read(Array.from({ length: 25 }, (_, i) => `k${i}`));
    expect(
      Object.values(read)
        .map((item) => (item as { i: number }).i)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('keeps many writes of one item in order: the last one wins, also after a restart', async () => {
    const storage = storageIn(dir);
    await Promise.all(Array.from({ length: 20 }, (_, n) => storage.write({ conv: { n, eTag: '*' } })));
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 19 });
    expect((await storageIn(dir).read(['conv'])).conv).toMatchObject({ n: 19 });
  });

  it('lets exactly one of two concurrent writers with the same eTag win', async () => {
    const storage = storageIn(dir);
    await storage.write({ conv: { n: 0 } });
    const { eTag } = (await storage.read(['conv'])).conv as { eTag: string };
    const results = await Promise.allSettled([
      storage.write({ conv: { n: 1, eTag } }),
      storage.write({ conv: { n: 2, eTag } }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('appends each change to the journal and, on close, folds it into the snapshot', async () => {
    const storage = storageIn(dir);
    await storage.write({ conv: { step: 1 } });
    await storage.write({ conv: { step: 2, eTag: '*' } });
    await storage.delete(['conv']);
    await storage.write({ user: { name: 'Ana' } });
    const journal = (await readFile(path.join(dir, STATE_JOURNAL_FILE_NAME), 'utf8')).trim().split('\n');
    expect(journal.map((line) => JSON.parse(line) as unknown)).toEqual([
      { key: 'conv', eTag: expect.any(String), value: { step: 1 } },
      { key: 'conv', eTag: expect.any(String), value: { step: 2 } },
      { key: 'conv', deleted: true },
      { key: 'user', eTag: expect.any(String), value: { name: 'Ana' } },
    ]);
    await storage.close();
    expect(await readFile(path.join(dir, STATE_JOURNAL_FILE_NAME), 'utf8')).toBe('');
    const snapshot = JSON.parse(await readFile(path.join(dir, STATE_FILE_NAME), 'utf8')) as unknown;
    expect(snapshot).toEqual({ items: { user: { eTag: expect.any(String), value: { name: 'Ana' } } } });
    expect(await storageIn(dir).read(['conv', 'user'])).toEqual({
      user: { name: 'Ana', eTag: expect.any(String) },
    });
  });

  it('writes a snapshot once the journal outgrows it, and restarts from snapshot plus journal', async () => {
    const storage = storageIn(dir, { compactAfterBytes: 2_000 });
    for (let n = 0; n < 100; n += 1) await storage.write({ [`c${n % 5}`]: { n, eTag: '*' } });
    const journalBytes = (await readFile(path.join(dir, STATE_JOURNAL_FILE_NAME))).length;
    expect(journalBytes).toBeLessThan(2_200);
    expect(JSON.parse(await readFile(path.join(dir, STATE_FILE_NAME), 'utf8'))).toMatchObject({
      items: { c0: { value: { n: expect.any(Number) } } },
    });
    // No close: as after a crash, the journal since the last snapshot is replayed.
    const read = await storageIn(dir).read(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(Object.values(read).map((item) => (item as { n: number }).n)).toEqual([95, 96, 97, 98, 99]);
  });

  it('drops a cut-off last journal line (a crash mid-append) and goes on writing after it', async () => {
    const before = storageIn(dir);
    await before.write({ conv: { step: 1 } });
    await appendFile(path.join(dir, STATE_JOURNAL_FILE_NAME), '{"key":"conv","eTag":"x","value":{"st');
    const after = storageIn(dir);
    expect((await after.read(['conv'])).conv).toMatchObject({ step: 1 });
    await after.write({ conv: { step: 2, eTag: '*' } });
    expect((await storageIn(dir).read(['conv'])).conv).toMatchObject({ step: 2 });
  });

  it('fails with STORAGE_CORRUPT naming a broken snapshot and never overwrites it', async () => {
    const file = path.join(dir, STATE_FILE_NAME);
    await writeFile(file, '{ "items": { broken');
    const storage = storageIn(dir);
    const error: unknown = await storage.write({ a: { n: 1 } }).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/move the file aside/i);
    await expect(storage.read(['a'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
    expect(await readFile(file, 'utf8')).toBe('{ "items": { broken');
    // Once it is moved aside, as the message says, the same instance works.
    await rm(file);
    await storage.write({ a: { n: 1 } });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 1 });
  });

  it('treats a snapshot of the wrong shape as corrupt too', async () => {
    await writeFile(path.join(dir, STATE_FILE_NAME), '[1, 2, 3]');
    await expect(storageIn(dir).read(['a'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
    await writeFile(path.join(dir, STATE_FILE_NAME), '{ "items": { "a": { "value": {} } } }');
    await expect(storageIn(dir).read(['a'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
  });

  it('fails with STORAGE_CORRUPT naming the journal and its line when a complete line is broken', async () => {
    const journal = path.join(dir, STATE_JOURNAL_FILE_NAME);
    await writeFile(
      journal,
      '{"key":"a","eTag":"e","value":{}}\nnot json\n{"key":"b","eTag":"e","value":{}}\n',
    );
    const error: unknown = await storageIn(dir)
      .read(['a'])
      .catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(journal);
    expect((error as Error).message).toContain('line 2');
    expect(await readFile(journal, 'utf8')).toContain('not json');
  });

  it("keeps the console's state in files of its own, so chat and serve never fold each other's journal", async () => {
    const server = storageIn(dir, { compactAfterBytes: 500 });
    const consoleState = storageIn(dir, { name: CONSOLE_STATE_NAME, compactAfterBytes: 500 });
    for (let n = 0; n < 20; n += 1) {
      await server.write({ 'msteams/conversations/a/': { n, eTag: '*' } });
      await consoleState.write({ 'console/conversations/console/': { n, eTag: '*' } });
    }
    await Promise.all([server.close(), consoleState.close()]);
    expect((await readdir(dir)).sort()).toEqual(
      [
        STATE_FILE_NAME,
        STATE_JOURNAL_FILE_NAME,
        `${CONSOLE_STATE_NAME}.json`,
        `${CONSOLE_STATE_NAME}.journal.jsonl`,
      ].sort(),
    );
    expect(
      (await storageIn(dir).read(['msteams/conversations/a/']))['msteams/conversations/a/'],
    ).toMatchObject({ n: 19 });
    const restartedConsole = storageIn(dir, { name: CONSOLE_STATE_NAME });
    expect(
      (await restartedConsole.read(['console/conversations/console/']))['console/conversations/console/'],
    ).toMatchObject({
      n: 19,
    });
  });

  it('reads the state.json of an earlier socbot as its snapshot, eTags included', async () => {
    await writeFile(
      path.join(dir, STATE_FILE_NAME),
      JSON.stringify({
        items: {
          'emulator/conversations/c1/': { eTag: 'e1', value: { step: 2, facts: { username: 'DDIC' } } },
          'emulator/users/u1/': { eTag: 'e2', value: { name: 'Ana' } },
        },
      }),
    );
    const storage = storageIn(dir);
    expect(await storage.read(['emulator/conversations/c1/', 'emulator/users/u1/'])).toEqual({
      'emulator/conversations/c1/': { step: 2, facts: { username: 'DDIC' }, eTag: 'e1' },
      'emulator/users/u1/': { name: 'Ana', eTag: 'e2' },
    });
    await storage.write({ 'emulator/users/u1/': { name: 'Ana B.', eTag: 'e2' } });
    await expect(storage.write({ 'emulator/users/u1/': { name: 'x', eTag: 'e2' } })).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
    });
    await storage.close();
    expect((await readdir(dir)).sort()).toEqual([STATE_JOURNAL_FILE_NAME, STATE_FILE_NAME].sort());
  });

  it('keeps a write that arrives while it closes', async () => {
    const storage = storageIn(dir);
    await storage.write({ a: { n: 1 } });
    const closing = storage.close();
    const late = storage.write({ b: { n: 2 } });
    await Promise.all([closing, late]);
    await storage.close();
    expect(await storageIn(dir).read(['a', 'b'])).toMatchObject({ a: { n: 1 }, b: { n: 2 } });
  });

  it('changes nothing of a batch when one value cannot be stored as JSON', async () => {
    const storage = storageIn(dir);
    await storage.write({ a: { n: 1 } });
    const { a } = await storage.read(['a']);
    await expect(storage.write({ a: { ...(a as object), n: 2 }, b: { big: 1n } })).rejects.toThrow(/BigInt/);
    expect(await storage.read(['a', 'b'])).toEqual({ a: { n: 1, eTag: (a as { eTag: string }).eTag } });
  });

  it('writes a change whose journal write failed with the next write, and on close', async () => {
    const storage = storageIn(dir);
    await storage.write({ a: { n: 1 } });
    const append = jest
      .spyOn(StateJournal.prototype, 'append')
      .mockRejectedValueOnce(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    await expect(storage.write({ b: { n: 2 } })).rejects.toThrow('no space left');
    append.mockRestore();
    await storage.close();
    expect(await storageIn(dir).read(['a', 'b'])).toMatchObject({ a: { n: 1 }, b: { n: 2 } });
  });

  it('refuses state files another living process holds, and takes over the lock of one that is gone', async () => {
    const lock = path.join(dir, 'state.lock');
    // The test runner's parent process: alive, and not this one.
    await writeFile(lock, String(process.ppid));
    const error: unknown = await storageIn(dir)
      .read(['a'])
      .catch((e: unknown) => e);
    expect(isSocbotError(error, 'DATA_DIR_IN_USE')).toBe(true);
    expect((error as Error).message).toContain(`pid ${process.ppid}`);
    expect((error as Error).message).toContain(lock);

    await writeFile(lock, '999999999'); // no such process
    const storage = storageIn(dir);
    await storage.write({ a: { n: 1 } });
    expect(await readFile(lock, 'utf8')).toBe(String(process.pid));
    await storage.close();
    expect(await readdir(dir)).not.toContain('state.lock');
  });
});
