import { isSocbotError } from '../../../src/errors';
import { CREATE_ONLY_ETAG, type OwnedStateStorage } from '../../../src/store/state-storage';

/** One implementation under test: a fresh, empty storage, and how to open it again (a restart). */
export interface StateStorageFixture {
  storage: OwnedStateStorage;
  /** Closes `storage` and opens a new instance on the same data (files or database). */
  reopen(): Promise<OwnedStateStorage>;
  /** Closes whatever the fixture opened and removes its data. */
  cleanup(): Promise<void>;
}

/**
 * The StateStorage contract (the eTag rules the channel edge relies on, src/store/state-storage.ts),
 * run against every implementation: LowdbStorage (files) and PgStateStorage (PostgreSQL).
 *
 * @example
 *   describeStateStorageContract('LowdbStorage', async () => ({ storage, reopen, cleanup }));
 */
export function describeStateStorageContract(name: string, open: () => Promise<StateStorageFixture>): void {
  describe(`${name} (StateStorage contract)`, () => {
    let fixture: StateStorageFixture;
    let storage: OwnedStateStorage;
    beforeEach(async () => {
      fixture = await open();
      storage = fixture.storage;
    });
    afterEach(() => fixture.cleanup());

    const conflictOf = (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => 'no conflict',
        (error: unknown) => (isSocbotError(error, 'STORAGE_CONFLICT') ? 'STORAGE_CONFLICT' : error),
      );

    it('reads back what it wrote, with an eTag, leaves out unknown keys, and deletes', async () => {
      await storage.write({ a: { topic: 'alert' } });
      expect(await storage.read(['a', 'missing'])).toEqual({
        a: { topic: 'alert', eTag: expect.any(String) },
      });
      await storage.delete(['a', 'missing']);
      expect(await storage.read(['a'])).toEqual({});
      expect(await storage.read([])).toEqual({});
    });

    it('keeps nested values as they were written (arrays, nulls, numbers, non-ASCII text)', async () => {
      const value = {
        facts: { username: 'DDIC', terminal: 'PC-0815' },
        history: [{ n: 1 }, { n: 2.5, note: null }],
        text: 'Grüße «quoted» \u2014 ok',
        flag: false,
      };
      await storage.write({ conv: value });
      expect((await storage.read(['conv'])).conv).toEqual({ ...value, eTag: expect.any(String) });
    });

    it('keeps any text an analyst can type, control characters and broken Unicode included', async () => {
      const value = { facts: { note: 'a\u0000b\u0007c', broken: 'x\uD800y', emoji: '\u{1F600}' } };
      await storage.write({ conv: value });
      expect((await storage.read(['conv'])).conv).toEqual({ ...value, eTag: expect.any(String) });
    });

    it('keeps what it wrote across a restart', async () => {
      await storage.write({ conv: { step: 2, facts: { username: 'DDIC' } } });
      await storage.flush();
      const { conv } = await storage.read(['conv']);
      const after = await fixture.reopen();
      expect((await after.read(['conv'])).conv).toEqual(conv);
    });

    it('hands out copies: changing what was read changes nothing stored', async () => {
      await storage.write({ conv: { facts: { username: 'DDIC' } } });
      const first = (await storage.read(['conv'])).conv as { facts: { username: string } };
      first.facts.username = 'changed';
      expect((await storage.read(['conv'])).conv).toMatchObject({ facts: { username: 'DDIC' } });
    });

    it('refuses a write with a stale eTag as STORAGE_CONFLICT and keeps the newer value', async () => {
      await storage.write({ conv: { n: 1 } });
      const read = (await storage.read(['conv'])).conv as { eTag: string };
      await storage.write({ conv: { ...read, n: 2 } });
      const error = await storage.write({ conv: { ...read, n: 3 } }).catch((e: unknown) => e);
      expect(isSocbotError(error, 'STORAGE_CONFLICT')).toBe(true);
      expect((error as Error).message).toMatch(/Read it again/);
      expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2 });
    });

    it('overwrites whatever is stored when the eTag is "*" or absent', async () => {
      await storage.write({ conv: { n: 1 } });
      await storage.write({ conv: { n: 2, eTag: '*' } });
      expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2 });
      await storage.write({ conv: { n: 3 } });
      expect((await storage.read(['conv'])).conv).toMatchObject({ n: 3 });
    });

    it('writes a create-only item once and refuses it when the key exists', async () => {
      await storage.write({ conv: { n: 1, eTag: CREATE_ONLY_ETAG } });
      expect(await conflictOf(storage.write({ conv: { n: 2, eTag: CREATE_ONLY_ETAG } }))).toBe(
        'STORAGE_CONFLICT',
      );
      expect((await storage.read(['conv'])).conv).toMatchObject({ n: 1 });
    });

    it('creates an item written with an eTag when it does not exist (deleted meanwhile)', async () => {
      await storage.write({ conv: { n: 1 } });
      const read = (await storage.read(['conv'])).conv as { eTag: string };
      await storage.delete(['conv']);
      await storage.write({ conv: { ...read, n: 2 } });
      expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2 });
    });

    it('gives the written item its new eTag, so the same object can be written again', async () => {
      const item: Record<string, unknown> = { n: 1, eTag: CREATE_ONLY_ETAG };
      await storage.write({ conv: item });
      const stored = (await storage.read(['conv'])).conv as { eTag: string };
      expect(item.eTag).toBe(stored.eTag);
      item.n = 2;
      await storage.write({ conv: item });
      expect((await storage.read(['conv'])).conv).toMatchObject({ n: 2, eTag: item.eTag });
    });

    it('writes nothing of a batch when one item conflicts', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 1 } });
      const { a, b } = (await storage.read(['a', 'b'])) as Record<string, { eTag: string }>;
      await storage.write({ b: { ...b, n: 2 } });
      expect(await conflictOf(storage.write({ a: { ...a, n: 9 }, b: { ...b, n: 9 } }))).toBe(
        'STORAGE_CONFLICT',
      );
      expect(await storage.read(['a', 'b'])).toEqual({
        a: { n: 1, eTag: a?.eTag },
        b: { n: 2, eTag: expect.any(String) },
      });
    });

    it('lets exactly one of two concurrent writers with the same eTag win', async () => {
      await storage.write({ conv: { n: 0 } });
      const read = (await storage.read(['conv'])).conv as { eTag: string };
      const outcomes = await Promise.all([
        conflictOf(storage.write({ conv: { ...read, n: 1 } })),
        conflictOf(storage.write({ conv: { ...read, n: 2 } })),
      ]);
      expect([...outcomes].sort()).toEqual(['STORAGE_CONFLICT', 'no conflict']);
      // The value stored is the winner's.
      const winner = outcomes[0] === 'no conflict' ? 1 : 2;
      expect((await storage.read(['conv'])).conv).toMatchObject({ n: winner });
    });

    it('loses no write of many concurrent writers that read, change and retry on conflict', async () => {
      await storage.write({ counter: { n: 0 } });
      const increment = async (): Promise<void> => {
        for (;;) {
          const read = (await storage.read(['counter'])).counter as { n: number; eTag: string };
          try {
            await storage.write({ counter: { ...read, n: read.n + 1 } });
            return;
          } catch (error) {
            if (!isSocbotError(error, 'STORAGE_CONFLICT')) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, increment));
      expect((await storage.read(['counter'])).counter).toMatchObject({ n: 20 });
    });
  });
}
