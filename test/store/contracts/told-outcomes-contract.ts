import type { ToldOutcomes } from '../../../src/app/told-outcomes';

/** Builds two handles on one fresh record (two replicas; in memory both are the same object). */
export type MakeToldOutcomes = () => Promise<{ a: ToldOutcomes; b: ToldOutcomes; close(): Promise<void> }>;

/** What every record of told outcomes does: the first claim of an outcome wins, once. */
export function describeToldOutcomesContract(name: string, make: MakeToldOutcomes): void {
  describe(`ToldOutcomes contract: ${name}`, () => {
    let a: ToldOutcomes;
    let b: ToldOutcomes;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ a, b, close } = await make());
    });
    afterEach(() => close());

    it('gives an outcome to its first claim only', async () => {
      expect(await a.claim('job-1#0')).toBe(true);
      expect(await a.claim('job-1#0')).toBe(false);
      expect(await b.claim('job-1#0')).toBe(false);
    });

    it('treats a retried job’s new outcome as new', async () => {
      expect(await a.claim('job-1#0')).toBe(true);
      expect(await b.claim('job-1#1')).toBe(true);
    });

    it('lets exactly one of many simultaneous claims win', async () => {
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).claim('job-2#0')),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    });
  });
}
