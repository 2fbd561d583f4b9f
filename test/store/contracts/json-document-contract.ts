import { isSocbotError } from '../../../src/errors';
import { isPlainObject } from '../../../src/store/data-file';
import type { DocumentSpec, JsonDocuments } from '../../../src/store/json-document';

/** A backend's documents for one test, and how to put a damaged document in place behind its back. */
export interface DocumentsUnderTest {
  /** A fresh handle on the same storage each call (another process, another replica). */
  documents(): JsonDocuments;
  /** Stores `body` as the document `name`, bypassing the implementation (a hand edit, a damaged write). */
  plant(name: string, body: unknown): Promise<void>;
  close(): Promise<void>;
}

interface Counter {
  count: number;
  seen: string[];
}

const counter = (name = 'counter.json'): DocumentSpec<Counter> => ({
  name,
  defaults: () => ({ count: 0, seen: [] }),
  isValid: (data: unknown): data is Counter =>
    isPlainObject(data) && typeof data.count === 'number' && Array.isArray(data.seen),
  afterMovingAside: 'The count starts again at zero.',
});

/**
 * What every JsonDocument implementation promises (DataFile, PgDocument): defaults, copies, atomic
 * updates that lose nothing, STORAGE_CORRUPT that overwrites nothing.
 */
export function describeJsonDocumentContract(name: string, open: () => Promise<DocumentsUnderTest>): void {
  describe(`JsonDocument contract: ${name}`, () => {
    let under: DocumentsUnderTest;
    beforeEach(async () => {
      under = await open();
    });
    afterEach(() => under.close());

    it('reads the defaults before the first update, and a copy the caller may change', async () => {
      const doc = under.documents().open(counter());
      const first = await doc.read();
      expect(first).toEqual({ count: 0, seen: [] });
      first.seen.push('changed by the caller');
      expect(await doc.read()).toEqual({ count: 0, seen: [] });
    });

    it('returns what the change returns and stores the change for a handle opened later', async () => {
      const doc = under.documents().open(counter());
      const result = await doc.update((data) => {
        data.count += 1;
        data.seen.push('a');
        return `now ${data.count}`;
      });
      expect(result).toBe('now 1');
      expect(await doc.view((data) => data.count)).toBe(1);
      await doc.flush();
      expect(await under.documents().open(counter()).read()).toEqual({ count: 1, seen: ['a'] });
    });

    it('reads what another handle (another process or replica) stored after this one last read', async () => {
      const reader = under.documents().open(counter());
      const writer = under.documents().open(counter());
      expect(await reader.view((data) => data.count)).toBe(0);
      await writer.update((data) => {
        data.count = 5;
      });
      await writer.flush();
      expect(await reader.view((data) => data.count)).toBe(5);
      expect(await reader.view((data) => data.count)).toBe(5);
      await writer.update((data) => {
        data.count = 6;
      });
      await writer.flush();
      expect(await reader.read()).toEqual({ count: 6, seen: [] });
    });

    it('loses none of many updates made at once', async () => {
      const doc = under.documents().open(counter());
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          doc.update((data) => {
            data.count += 1;
            data.seen.push(String(i));
          }),
        ),
      );
      const after = await doc.read();
      expect(after.count).toBe(40);
      expect([...after.seen].sort()).toEqual(Array.from({ length: 40 }, (_, i) => String(i)).sort());
    });

    it('keeps documents of different names apart', async () => {
      const documents = under.documents();
      await documents.open(counter('one.json')).update((data) => {
        data.count = 1;
      });
      expect(await documents.open(counter('two.json')).read()).toEqual({ count: 0, seen: [] });
    });

    it('leaves the document as it was when a change throws, and takes the next update', async () => {
      const doc = under.documents().open(counter());
      await doc.update((data) => {
        data.count = 5;
      });
      await expect(
        doc.update(() => {
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await doc.update((data) => {
        data.count += 1;
      });
      expect((await doc.read()).count).toBe(6);
    });

    it('refuses a document of the wrong shape with STORAGE_CORRUPT naming it and the fix, and never overwrites it', async () => {
      await under.plant('counter.json', { count: 'many' });
      const doc = under.documents().open(counter());
      const error = await doc.read().catch((e: unknown) => e);
      expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
      expect((error as Error).message).toContain('counter.json');
      expect((error as Error).message).toMatch(/Move .* aside/);
      expect((error as Error).message).toContain('The count starts again at zero.');
      await expect(
        doc.update((data) => {
          data.count = 1;
        }),
      ).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
      await expect(under.documents().open(counter()).read()).rejects.toMatchObject({
        code: 'STORAGE_CORRUPT',
      });
    });

    it('flush resolves once every update started before it is stored', async () => {
      const doc = under.documents().open(counter());
      const updates = [1, 2, 3].map(() =>
        doc.update((data) => {
          data.count += 1;
        }),
      );
      await doc.flush();
      expect((await under.documents().open(counter()).read()).count).toBe(3);
      await Promise.all(updates);
    });
  });
}
