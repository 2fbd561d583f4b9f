import { createCapturedLogger } from '../../helpers/captured-logger';
import { startGreyNoiseStandIn, type GreyNoiseStandIn } from '../stand-ins/greynoise-stand-in';
import { startVirusTotalStandIn, type VirusTotalStandIn } from '../stand-ins/virustotal-stand-in';
import { enrichmentService, HASH, IP } from './enrichment-fixtures';

const VT_KEY = 'vt-key-service-test-0001';
const GN_KEY = 'gn-key-service-test-0002';
const START = Date.parse('2026-12-06T10:00:00.000Z');
const MINUTE = 60_000;

const vtStats = (malicious: number) => ({
  last_analysis_stats: { malicious, suspicious: 0, harmless: 40, undetected: 20 },
});
const signal = () => new AbortController().signal;

describe('enrichment service: cache, shared calls, rate limits, `only`', () => {
  let vt: VirusTotalStandIn;
  let greynoise: GreyNoiseStandIn;
  let clock: number;
  const log = createCapturedLogger('debug');
  const now = () => new Date(clock);
  const service = (options: { vtRate?: number; cacheMinutes?: number; withGreyNoise?: boolean } = {}) =>
    enrichmentService(
      {
        virustotal: {
          url: `${vt.url}/api/v3`,
          apiKey: VT_KEY,
          ...(options.vtRate ? { ratePerMinute: options.vtRate } : {}),
        },
        ...(options.withGreyNoise ? { greynoise: { url: greynoise.url, apiKey: GN_KEY } } : {}),
      },
      { logger: log.logger, now },
      options.cacheMinutes ?? 60,
    );
  const vtCalls = () => vt.requests.length;

  beforeEach(async () => {
    clock = START;
    vt = await startVirusTotalStandIn(VT_KEY);
    greynoise = await startGreyNoiseStandIn(GN_KEY);
    vt.objects.set(`ip_addresses/${IP.value}`, vtStats(5));
    greynoise.addresses.set(IP.value, { noise: true, riot: false, classification: 'malicious' });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await vt.close();
    await greynoise.close();
  });

  it('five analysts asking within the TTL cost one call, and all see when it was looked up', async () => {
    const enrichment = service();
    const first = await enrichment.lookup(IP, { signal: signal() });
    const expected = structuredClone(first.sources);
    // One analyst's card code changing its report does not change what the others get.
    if (first.sources[0]?.status === 'answered')
      first.sources[0].facts.push({ label: 'Note', value: 'mine' });
    for (let analyst = 2; analyst <= 5; analyst += 1) {
      clock += 10 * MINUTE;
      const again = await enrichment.lookup(IP, { signal: signal() });
      expect(again.sources).toEqual(expected);
      expect(again.lookedUpAt).toBe('2026-12-06T10:00:00.000Z');
    }
    expect(vtCalls()).toBe(1);
  });

  it('asks again once the answer is older than ENRICHMENT_CACHE_MINUTES', async () => {
    const enrichment = service({ cacheMinutes: 30 });
    await enrichment.lookup(IP, { signal: signal() });
    clock += 29 * MINUTE;
    await enrichment.lookup(IP, { signal: signal() });
    expect(vtCalls()).toBe(1);
    clock += 2 * MINUTE;
    vt.objects.set(`ip_addresses/${IP.value}`, vtStats(0));
    const fresh = await enrichment.lookup(IP, { signal: signal() });
    expect(vtCalls()).toBe(2);
    expect(fresh.sources[0]).toMatchObject({ verdict: 'harmless' });
    expect(fresh.lookedUpAt).toBe('2026-12-06T10:31:00.000Z');
  });

  it('identical look-ups in flight share one call', async () => {
    const enrichment = service();
    const reports = await Promise.all(
      Array.from({ length: 5 }, () => enrichment.lookup(IP, { signal: signal() })),
    );
    expect(vtCalls()).toBe(1);
    for (const report of reports) expect(report.overall.verdict).toBe('malicious');
  });

  it("one analyst's cancel does not cancel the shared call for the others", async () => {
    const enrichment = service();
    const cancelled = new AbortController();
    const first = enrichment.lookup(IP, { signal: cancelled.signal });
    const second = enrichment.lookup(IP, { signal: signal() });
    cancelled.abort();
    expect((await first).sources[0]).toMatchObject({ status: 'failed', kind: 'aborted' });
    expect((await second).sources[0]).toMatchObject({ status: 'answered', verdict: 'malicious' });
    expect(vtCalls()).toBe(1);
  });

  it('without a token the source is rate-limited with the wait, and not called', async () => {
    const enrichment = service({ vtRate: 2 });
    const ips = ['203.0.113.1', '203.0.113.2', '203.0.113.3'].map((value) => ({
      kind: 'ip' as const,
      value,
    }));
    await enrichment.lookup(ips[0]!, { signal: signal() });
    await enrichment.lookup(ips[1]!, { signal: signal() });
    const refused = await enrichment.lookup(ips[2]!, { signal: signal() });
    expect(vtCalls()).toBe(2);
    expect(refused.sources[0]).toMatchObject({ source: 'virustotal', status: 'rate-limited' });
    const wait = refused.sources[0]?.status === 'rate-limited' ? refused.sources[0].retryAfterMs : 0;
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThanOrEqual(MINUTE);
    expect(refused.overall.verdict).toBe('incomplete');

    // The limiter's clock is performance.now(): once the wait has passed, the call is made.
    const later = performance.now() + wait + 1;
    jest.spyOn(performance, 'now').mockReturnValue(later);
    const allowed = await enrichment.lookup(ips[2]!, { signal: signal() });
    expect(allowed.sources[0]).toMatchObject({ status: 'answered' });
    expect(vtCalls()).toBe(3);
  });

  it("the service's 429 holds every call back until its Retry-After has passed; rate limits and failures are not cached", async () => {
    const enrichment = service();
    vt.script({
      answer: {
        status: 429,
        headers: { 'Retry-After': '30' },
        body: { error: { code: 'QuotaExceededError' } },
      },
    });
    expect((await enrichment.lookup(IP, { signal: signal() })).sources[0]).toEqual({
      source: 'virustotal',
      status: 'rate-limited',
      retryAfterMs: 30_000,
    });
    clock += 10_000;
    expect((await enrichment.lookup(HASH, { signal: signal() })).sources[0]).toEqual({
      source: 'virustotal',
      status: 'rate-limited',
      retryAfterMs: 20_000,
    });
    expect(vtCalls()).toBe(1);
    clock += 20_000;
    vt.script({ answer: { status: 500 } });
    expect((await enrichment.lookup(IP, { signal: signal() })).sources[0]).toMatchObject({
      status: 'failed',
    });
    expect((await enrichment.lookup(IP, { signal: signal() })).sources[0]).toMatchObject({
      status: 'answered',
    });
    expect(vtCalls()).toBe(3);
  });

  it('`only` asks just those sources again and takes the cached answers of the others', async () => {
    const enrichment = service({ withGreyNoise: true });
    await enrichment.lookup(IP, { signal: signal() });
    clock += 5 * MINUTE;
    vt.objects.set(`ip_addresses/${IP.value}`, vtStats(0));
    const again = await enrichment.lookup(IP, { signal: signal(), only: ['virustotal'] });
    expect(vtCalls()).toBe(2);
    expect(greynoise.requests).toHaveLength(1);
    expect(again.sources.map((report) => report.source)).toEqual(['virustotal', 'greynoise']);
    expect(again.sources[0]).toMatchObject({ verdict: 'harmless' });
    expect(again.sources[1]).toMatchObject({ verdict: 'malicious' });
    // The oldest answer used is GreyNoise's, from the first look-up.
    expect(again.lookedUpAt).toBe('2026-12-06T10:00:00.000Z');
  });

  it('lists the configured sources in the fixed order, and the others as not configured', async () => {
    const enrichment = service({ withGreyNoise: true });
    expect(enrichment.sources).toEqual(['virustotal', 'greynoise']);
    expect(enrichment.notConfigured).toEqual(['abuseipdb', 'shodan', 'misp']);
    const report = await enrichment.lookup(HASH, { signal: signal() });
    expect(report.notConfigured).toEqual(['abuseipdb', 'shodan', 'misp']);
    expect(report.sources).toEqual([
      { source: 'virustotal', status: 'answered', verdict: 'no-data', facts: [] },
      { source: 'greynoise', status: 'not-applicable' },
    ]);
    expect(report.overall.verdict).toBe('no-data');
    expect(report.overall.line).toMatch(/not the same as clean/);
  });

  it('with no source configured it answers no-data and calls nobody', async () => {
    const enrichment = enrichmentService({}, { logger: log.logger, now });
    const report = await enrichment.lookup(IP, { signal: signal() });
    expect(report).toEqual({
      indicator: IP,
      sources: [],
      notConfigured: ['virustotal', 'abuseipdb', 'greynoise', 'shodan', 'misp'],
      overall: { verdict: 'no-data', line: expect.stringMatching(/no configured source/) },
      lookedUpAt: '2026-12-06T10:00:00.000Z',
    });
  });
});
