import type { JsonLinesLogs } from '../../../src/store/json-lines-log';

/** A backend's logs for one test. */
export interface LogsUnderTest {
  /** A fresh handle on the same storage each call (another process, another replica). */
  logs(): JsonLinesLogs;
  close(): Promise<void>;
}

/** What every JsonLinesLog implementation promises (the JSON Lines file, PgJsonLinesLog). */
export function describeJsonLinesLogContract(name: string, open: () => Promise<LogsUnderTest>): void {
  describe(`JsonLinesLog contract: ${name}`, () => {
    let under: LogsUnderTest;
    beforeEach(async () => {
      under = await open();
    });
    afterEach(() => under.close());

    it('reads an empty log before the first append', async () => {
      expect(await under.logs().open('empty.jsonl').read()).toEqual({ values: [], unreadable: 0 });
    });

    it('gives back the values in the order appended, to a handle opened later too', async () => {
      const log = under.logs().open('order.jsonl');
      await log.append({ n: 1, text: 'ä "quoted"\nline' });
      await log.append({ n: 2 }, { n: 3 }, [4], 'five', null);
      const expected = [{ n: 1, text: 'ä "quoted"\nline' }, { n: 2 }, { n: 3 }, [4], 'five', null];
      expect((await log.read()).values).toEqual(expected);
      expect((await under.logs().open('order.jsonl').read()).values).toEqual(expected);
    });

    it('keeps the call order of appends made at once, and read waits for them', async () => {
      const log = under.logs().open('busy.jsonl');
      const appends = Array.from({ length: 30 }, (_, n) => log.append({ n }));
      const { values } = await log.read();
      expect(values).toEqual(Array.from({ length: 30 }, (_, n) => ({ n })));
      await Promise.all(appends);
    });

    it('keeps logs of different names apart, durable or not', async () => {
      const logs = under.logs();
      await logs.open('a.jsonl').append({ log: 'a' });
      await logs.open('b.jsonl', { durable: false }).append({ log: 'b' });
      expect((await logs.open('a.jsonl').read()).values).toEqual([{ log: 'a' }]);
      expect((await logs.open('b.jsonl').read()).values).toEqual([{ log: 'b' }]);
    });

    it('flush resolves once every append so far is stored', async () => {
      const log = under.logs().open('flush.jsonl');
      void log.append({ n: 1 });
      void log.append({ n: 2 });
      await log.flush();
      expect((await under.logs().open('flush.jsonl').read()).values).toEqual([{ n: 1 }, { n: 2 }]);
    });
  });
}
