import type { SourceQuotaFactory } from '../../../src/integrations/enrichment/source-quota';

/** Builds a fresh quota factory on a clock the test sets; `close` releases it. */
export type MakeSourceQuotas = (
  now: () => number,
) => Promise<{ quotas: SourceQuotaFactory; close(): Promise<void> }>;

/** What every enrichment source quota does, in this process or shared by replicas. */
export function describeSourceQuotaContract(name: string, make: MakeSourceQuotas): void {
  describe(`SourceQuota contract: ${name}`, () => {
    // At the start of a minute, so a fixed window and a token bucket agree on the first minute.
    let time = Date.UTC(2026, 11, 6, 12, 0, 0);
    let quotas: SourceQuotaFactory;
    let close: () => Promise<void>;
    beforeEach(async () => {
      time = Date.UTC(2026, 11, 6, 12, 0, 0);
      ({ quotas, close } = await make(() => time));
    });
    afterEach(() => close());

    it('allows ratePerMinute calls, then refuses with a wait within the minute', async () => {
      const quota = quotas('virustotal', 4);
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await quota.take());
      expect(answers.slice(0, 4)).toEqual(Array(4).fill({ allowed: true }));
      const refused = answers[4];
      expect(refused?.allowed).toBe(false);
      if (refused && !refused.allowed) {
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    });

    it('counts each source apart', async () => {
      const virustotal = quotas('virustotal', 1);
      const abuseipdb = quotas('abuseipdb', 1);
      expect(await virustotal.take()).toEqual({ allowed: true });
      expect(await abuseipdb.take()).toEqual({ allowed: true });
      expect((await virustotal.take()).allowed).toBe(false);
    });
  });
}
