import { createCapturedLogger } from '../../helpers/captured-logger';
import { startAbuseIpdbStandIn, type AbuseIpdbStandIn } from '../stand-ins/abuseipdb-stand-in';
import { DOMAIN, enrichmentService, HASH, IP, reportOf } from './enrichment-fixtures';

const API_KEY = 'abuseipdb-key-NEVER-LOGGED';

describe('AbuseIPDB v2 against a stand-in', () => {
  let standIn: AbuseIpdbStandIn;
  const log = createCapturedLogger('debug');
  const service = () =>
    enrichmentService({ abuseipdb: { url: standIn.url, apiKey: API_KEY } }, { logger: log.logger });

  beforeEach(async () => {
    standIn = await startAbuseIpdbStandIn(API_KEY);
  });
  afterEach(() => standIn.close());

  it('checks an address over 90 days: score, reports, ISP, usage type, country', async () => {
    standIn.addresses.set(IP.value, {
      abuseConfidenceScore: 100,
      totalReports: 4211,
      isp: 'Tor Exit Relays',
      usageType: 'Reserved',
      countryCode: 'DE',
    });
    expect(await reportOf(service(), 'abuseipdb', IP)).toEqual({
      source: 'abuseipdb',
      status: 'answered',
      verdict: 'malicious',
      facts: [
        { label: 'Abuse confidence', value: '100%' },
        { label: 'Reports (90 days)', value: '4211' },
        { label: 'ISP', value: 'Tor Exit Relays' },
        { label: 'Usage type', value: 'Reserved' },
        { label: 'Country', value: 'DE' },
      ],
      link: 'https://www.abuseipdb.com/check/185.220.101.4',
    });
    const [request] = standIn.requests;
    expect(request?.url.pathname).toBe('/api/v2/check');
    expect(request?.url.searchParams.get('ipAddress')).toBe(IP.value);
    expect(request?.url.searchParams.get('maxAgeInDays')).toBe('90');
    expect(request?.headers.key).toBe(API_KEY);
    expect(request?.headers.accept).toBe('application/json');
  });

  it('an unreported address, and a score of 0 with reports, are no-data, not clean', async () => {
    expect(await reportOf(service(), 'abuseipdb', IP)).toMatchObject({ verdict: 'no-data' });
    standIn.addresses.set('198.51.100.7', { abuseConfidenceScore: 0, totalReports: 3 });
    expect(await reportOf(service(), 'abuseipdb', { kind: 'ip', value: '198.51.100.7' })).toMatchObject({
      verdict: 'no-data',
    });
  });

  it('encodes the address in the query (IPv6 colons, and anything hostile)', async () => {
    const v6 = { kind: 'ip' as const, value: '2001:db8::1' };
    expect(await reportOf(service(), 'abuseipdb', v6)).toMatchObject({ status: 'answered' });
    expect(standIn.requests[0]?.url.search).toBe('?ipAddress=2001%3Adb8%3A%3A1&maxAgeInDays=90');
    await reportOf(service(), 'abuseipdb', { kind: 'ip', value: '1.2.3.4&maxAgeInDays=1' });
    expect(standIn.requests[1]?.url.searchParams.get('maxAgeInDays')).toBe('90');
    expect(standIn.requests[1]?.url.searchParams.get('ipAddress')).toBe('1.2.3.4&maxAgeInDays=1');
  });

  it('does not cover domains, URLs or hashes, and does not call for them', async () => {
    expect(await reportOf(service(), 'abuseipdb', DOMAIN)).toEqual({
      source: 'abuseipdb',
      status: 'not-applicable',
    });
    expect(await reportOf(service(), 'abuseipdb', HASH)).toEqual({
      source: 'abuseipdb',
      status: 'not-applicable',
    });
    expect(standIn.requests).toHaveLength(0);
  });
});
