import { createHash } from 'node:crypto';
import { createCapturedLogger } from '../../helpers/captured-logger';
import { startVirusTotalStandIn, type VirusTotalStandIn } from '../stand-ins/virustotal-stand-in';
import { DOMAIN, enrichmentService, HASH, IP, reportOf, URL_INDICATOR } from './enrichment-fixtures';

const API_KEY = 'vt-key-NEVER-LOGGED-0001';
const stats = (malicious: number, suspicious: number, harmless: number, undetected: number) => ({
  last_analysis_stats: { malicious, suspicious, harmless, undetected, timeout: 0 },
});

describe('VirusTotal v3 against a stand-in', () => {
  let standIn: VirusTotalStandIn;
  const log = createCapturedLogger('debug');
  const service = () =>
    enrichmentService(
      { virustotal: { url: `${standIn.url}/api/v3`, apiKey: API_KEY } },
      { logger: log.logger },
    );

  beforeEach(async () => {
    standIn = await startVirusTotalStandIn(API_KEY);
  });
  afterEach(() => standIn.close());

  it('reports an IP address: engines, AS owner, country, reputation, and a link for people', async () => {
    standIn.objects.set('ip_addresses/185.220.101.4', {
      ...stats(12, 1, 50, 20),
      as_owner: 'Tor exit operator',
      country: 'DE',
      reputation: -35,
    });
    const report = await reportOf(service(), 'virustotal', IP);
    expect(report).toEqual({
      source: 'virustotal',
      status: 'answered',
      verdict: 'malicious',
      facts: [
        { label: 'Engines', value: '12 malicious, 1 suspicious, 50 harmless, 20 undetected' },
        { label: 'AS owner', value: 'Tor exit operator' },
        { label: 'Country', value: 'DE' },
        { label: 'Reputation', value: '-35' },
      ],
      link: 'https://www.virustotal.com/gui/ip-address/185.220.101.4',
    });
    const [request] = standIn.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url.pathname).toBe('/api/v3/ip_addresses/185.220.101.4');
    expect(request?.headers['x-apikey']).toBe(API_KEY);
  });

  it('asks for domains and file hashes in their collections', async () => {
    standIn.objects.set('domains/evil.example', stats(0, 0, 60, 10));
    standIn.objects.set(`files/${HASH.value}`, stats(0, 0, 0, 70));
    expect(await reportOf(service(), 'virustotal', DOMAIN)).toMatchObject({ verdict: 'harmless' });
    // Only "undetected" engines: nobody vouches for it, so it is not harmless.
    expect(await reportOf(service(), 'virustotal', HASH)).toMatchObject({ verdict: 'no-data' });
    expect(standIn.requests.map((request) => request.url.pathname)).toEqual([
      '/api/v3/domains/evil.example',
      `/api/v3/files/${HASH.value}`,
    ]);
  });

  it('names a URL by its unpadded base64url form, and links it by its SHA-256', async () => {
    standIn.objects.set(`urls/${URL_INDICATOR.value}`, stats(1, 0, 40, 20));
    const report = await reportOf(service(), 'virustotal', URL_INDICATOR);
    expect(report).toMatchObject({ verdict: 'suspicious' });
    const path = standIn.requests[0]?.url.pathname ?? '';
    const id = Buffer.from(URL_INDICATOR.value, 'utf8').toString('base64url');
    expect(path).toBe(`/api/v3/urls/${id}`);
    // No padding, no `+` or `/`: the identifier stays one clean path segment.
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    const sha = createHash('sha256').update(URL_INDICATOR.value).digest('hex');
    expect(report).toMatchObject({ link: `https://www.virustotal.com/gui/url/${sha}` });
  });

  it('encodes a hostile domain as one path segment', async () => {
    const hostile = { kind: 'domain' as const, value: 'a/../../b?x=1#y' };
    expect(await reportOf(service(), 'virustotal', hostile)).toMatchObject({ verdict: 'no-data' });
    expect(standIn.requests[0]?.url.pathname).toBe('/api/v3/domains/a%2F..%2F..%2Fb%3Fx%3D1%23y');
  });

  it('says no-data, not clean, for an object VirusTotal has never seen (404)', async () => {
    expect(await reportOf(service(), 'virustotal', IP)).toEqual({
      source: 'virustotal',
      status: 'answered',
      verdict: 'no-data',
      facts: [],
    });
    expect(log.text()).not.toContain(API_KEY);
  });
});
