import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError } from '../../src/errors';
import { CREATE_ONLY_ETAG, LowdbStorage, STATE_FILE_NAME } from '../../src/store/lowdb-storage';

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

  it('serializes concurrent writes: none is lost', async () => {
    const storage = new LowdbStorage(dir);
    await Promise.all(Array.from({ length: 25 }, (_, i) => storage.write({ [`k${i}`]: { i } })));
    await storage.flush();
    const onDisk = JSON.parse(await readFile(path.join(dir, STATE_FILE_NAME), 'utf8')) as {
      items: Record<string, unknown>;
    };
    expect(Object.keys(onDisk.items)).toHaveLength(25);
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

  it('fails with STORAGE_CORRUPT naming the file and never overwrites a corrupt file', async () => {
    const file = path.join(dir, STATE_FILE_NAME);
    await writeFile(file, '{ "items": { broken');
    const storage = new LowdbStorage(dir);
    const error: unknown = await storage.write({ a: { n: 1 } }).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/move the file aside/i);
    await expect(storage.read(['a'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
    expect(await readFile(file, 'utf8')).toBe('{ "items": { broken');
  });

  it('treats valid JSON of the wrong shape as corrupt too', async () => {
    await writeFile(path.join(dir, STATE_FILE_NAME), '[1, 2, 3]');
    await expect(new LowdbStorage(dir).read(['a'])).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
  });
});
