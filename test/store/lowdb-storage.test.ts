import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError } from '../../src/errors';
import { IMPORTED_STATE_FILE_NAME, LEGACY_STATE_FILE_NAME } from '../../src/store/legacy-state-file';
import { CREATE_ONLY_ETAG, LowdbStorage, STATE_DIR_NAME } from '../../src/store/lowdb-storage';

describe('LowdbStorage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-storage-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what it wrote, with an eTag, and deletes', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ a: { topic: 'alert' } });
    const { a } = await storage.read(['a', 'missing']);
    expect(a).toEqual({ topic: 'alert', eTag: expect.any(String) });
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
  });

  it('survives a restart: a new instance reads what the old one wrote', async () => {
    const before = new LowdbStorage(dir);
    await before.write({ conv: { step: 2, facts: { username: 'DDIC' } } });
    await before.flush();
    const after = new LowdbStorage(dir);
    expect((await after.read(['conv'])).conv).toMatchObject({ step: 2, facts: { username: 'DDIC' } });
  });

  it("notices another process's write to an item it has in memory", async () => {
    const bot = new LowdbStorage(dir);
    await bot.write({ conv: { n: 1 } });
    const read = (await bot.read(['conv'])).conv;
    const cli = new LowdbStorage(dir);
    await cli.write({ conv: { n: 2, eTag: '*' } });
    expect((await bot.read(['conv'])).conv).toMatchObject({ n: 2 });
    await expect(bot.write({ conv: { ...read, n: 3 } })).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
    await cli.delete(['conv']);
    expect(await bot.read(['conv'])).toEqual({});
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { facts: { username: 'DDIC' } } });
    const first = (await storage.read(['conv'])).conv as { facts: { username: string } };
    first.facts.username = 'changed';
    expect((await storage.read(['conv'])).conv).toMatchObject({ facts: { username: 'DDIC' } });
  });

  it('rejects a write with a stale eTag as STORAGE_CONFLICT and keeps the newer value', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { n: 1 } });
    const first = (await storage.read(['conv'])).conv;
    const second = (await storage.read(['conv'])).conv;
    await storage.write({ conv: { ...first, n: 2 } });
    const stale = storage.write({ conv: { ...second, n: 3 } });
    await expect(stale).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2 });
  });

  it('overwrites whatever is stored when the eTag is "*"', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { n: 1 } });
    await storage.write({ conv: { n: 2, eTag: '*' } });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2 });
  });

  it('writes a create-only item once and refuses it when the key exists', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { n: 1, eTag: CREATE_ONLY_ETAG } });
    await expect(storage.write({ conv: { n: 2, eTag: CREATE_ONLY_ETAG } })).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
    });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 1 });
  });

  it('gives the written item its new eTag, so the same object can be written again', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { n: 1 } });
    const item = (await storage.read(['conv'])).conv;
    item.n = 2;
    await storage.write({ conv: item });
    item.n = 3;
    await storage.write({ conv: item });
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 3 });
  });

  it('writes nothing of a batch when one item conflicts', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    await expect(storage.write({ a: { n: 2 }, b: { n: 2, eTag: 'stale' } })).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
    });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 1 });
  });

  it('serializes concurrent writes: none is lost, each item in its own file', async () => {
    const storage = new LowdbStorage(dir);
    await Promise.all(Array.from({ length: 25 }, (_, i) => storage.write({ [`k${i}`]: { i } })));
    await storage.flush();
    const files = (await readdir(path.join(dir, STATE_DIR_NAME))).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(25);
    const read = await new LowdbStorage(dir).read(Array.from({ length: 25 }, (_, i) => `k${i}`));
    expect(
      Object.values(read)
        .map((item) => (item as { i: number }).i)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('keeps many writes of one item in order: the last one wins', async () => {
    const storage = new LowdbStorage(dir);
    await Promise.all(Array.from({ length: 20 }, (_, n) => storage.write({ conv: { n, eTag: '*' } })));
    expect((await storage.read(['conv'])).conv).toMatchObject({ n: 19 });
  });

  it('keeps keys with slashes, colons and pipes apart (the file name is a hash)', async () => {
    const storage = new LowdbStorage(dir);
    const keys = [
      'msteams/conversations/19:abc|def/',
      'msteams/conversations/19:abc/def/',
      '../../etc/passwd',
    ];
    await storage.write(Object.fromEntries(keys.map((key, i) => [key, { i }])));
    const read = await storage.read(keys);
    keys.forEach((key, i) => expect(read[key]).toMatchObject({ i }));
    expect(await readdir(dir)).toEqual([STATE_DIR_NAME]);
  });

  it('lets exactly one of two concurrent writers with the same eTag win', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { n: 0 } });
    const { eTag } = (await storage.read(['conv'])).conv as { eTag: string };
    const results = await Promise.allSettled([
      storage.write({ conv: { n: 1, eTag } }),
      storage.write({ conv: { n: 2, eTag } }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('fails with STORAGE_CORRUPT naming the file and never overwrites a corrupt item file', async () => {
    const storage = new LowdbStorage(dir);
    const file = storage.pathOf('a');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{ "key": "a", broken');
    const error: unknown = await storage.write({ a: { n: 1 } }).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/move the file aside/i);
    await expect(storage.read(['a'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
    expect(await readFile(file, 'utf8')).toBe('{ "key": "a", broken');
    // Other conversations carry on.
    await storage.write({ b: { n: 1 } });
    expect((await storage.read(['b'])).b).toMatchObject({ n: 1 });
  });

  it('treats valid JSON of the wrong shape, or the item of another key, as corrupt too', async () => {
    const storage = new LowdbStorage(dir);
    await mkdir(storage.directory, { recursive: true });
    await writeFile(storage.pathOf('a'), '[1, 2, 3]');
    await writeFile(storage.pathOf('b'), JSON.stringify({ key: 'not-b', eTag: 'x', value: {} }));
    await expect(storage.read(['a'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
    await expect(storage.read(['b'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
  });

  it('imports the state.json of an earlier socbot once, with its eTags, and renames it', async () => {
    await writeFile(
      path.join(dir, LEGACY_STATE_FILE_NAME),
      JSON.stringify({
        items: {
          'emulator/conversations/c1/': { eTag: 'e1', value: { step: 2, facts: { username: 'DDIC' } } },
          'emulator/users/u1/': { eTag: 'e2', value: { name: 'Ana' } },
        },
      }),
    );
    const storage = new LowdbStorage(dir);
    const read = await storage.read(['emulator/conversations/c1/', 'emulator/users/u1/']);
    expect(read).toEqual({
      'emulator/conversations/c1/': { step: 2, facts: { username: 'DDIC' }, eTag: 'e1' },
      'emulator/users/u1/': { name: 'Ana', eTag: 'e2' },
    });
    expect((await readdir(dir)).sort()).toEqual([STATE_DIR_NAME, IMPORTED_STATE_FILE_NAME]);
    // The old eTag still guards the item: a write with it succeeds once.
    await storage.write({ 'emulator/users/u1/': { name: 'Ana B.', eTag: 'e2' } });
    await expect(storage.write({ 'emulator/users/u1/': { name: 'x', eTag: 'e2' } })).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
    });
  });

  it('does not overwrite newer items when an interrupted import runs again', async () => {
    const storage = new LowdbStorage(dir);
    await storage.write({ conv: { n: 2 } });
    await writeFile(
      path.join(dir, LEGACY_STATE_FILE_NAME),
      JSON.stringify({
        items: { conv: { eTag: 'old', value: { n: 1 } }, other: { eTag: 'o', value: { n: 7 } } },
      }),
    );
    const restarted = new LowdbStorage(dir);
    expect(await restarted.read(['conv', 'other'])).toMatchObject({ conv: { n: 2 }, other: { n: 7 } });
  });

  it('fails with STORAGE_CORRUPT on an unreadable old state.json and leaves it as it is', async () => {
    const file = path.join(dir, LEGACY_STATE_FILE_NAME);
    await writeFile(file, '{ "items": { broken');
    const storage = new LowdbStorage(dir);
    const error: unknown = await storage.read(['a']).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe('{ "items": { broken');
    // Once the file is moved aside, as the message says, the same instance works.
    await rm(file);
    await storage.write({ a: { n: 1 } });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 1 });
  });
});
