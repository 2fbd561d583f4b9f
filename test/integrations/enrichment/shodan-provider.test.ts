import { createCapturedLogger } from '../../helpers/captured-logger';
import { closedPort } from '../stand-ins/stand-in-server';
import { startShodanStandIn, type ShodanStandIn } from '../stand-ins/shodan-stand-in';
import { enrichmentService, IP, reportOf } from './enrichment-fixtures';

const API_KEY = 'shodanKEY0123456789NEVERlogged';

describe('Shodan host API against a stand-in', () => {
  let standIn: ShodanStandIn;
  // No secrets handed to the logger: the key must stay out of every line by itself.
  const log = createCapturedLogger('debug');
  const service = (url = standIn.url, apiKey = API_KEY) =>
    enrichmentService({ shodan: { url, apiKey } }, { logger: log.logger });

  beforeEach(async () => {
    standIn = await startShodanStandIn(API_KEY);
  });
  afterEach(() => standIn.close());

  it('reports open ports, CVEs and the organisation, without banners', async () => {
    standIn.hosts.set(IP.value, {
      ports: [443, 22, 80],
      vulns: ['CVE-2023-48795', 'CVE-2021-44228'],
      org: 'Example Hosting',
      tags: ['cloud'],
    });
    expect(await reportOf(service(), 'shodan', IP)).toEqual({
      source: 'shodan',
      status: 'answered',
      verdict: 'suspicious',
      facts: [
        { label: 'Open ports', value: '22, 80, 443' },
        { label: 'CVEs', value: 'CVE-2021-44228, CVE-2023-48795' },
        { label: 'Organisation', value: 'Example Hosting' },
        { label: 'Tags', value: 'cloud' },
      ],
      link: 'https://www.shodan.io/host/185.220.101.4',
    });
    const [request] = standIn.requests;
    expect(request?.url.pathname).toBe('/shodan/host/185.220.101.4');
    expect(request?.url.searchParams.get('key')).toBe(API_KEY);
    expect(request?.url.searchParams.get('minify')).toBe('true');
  });

  it('a host tagged c2 is malicious; a host Shodan never saw (404) is no-data', async () => {
    standIn.hosts.set(IP.value, { ports: [8443], tags: ['c2'] });
    expect(await reportOf(service(), 'shodan', IP)).toMatchObject({ verdict: 'malicious' });
    expect(await reportOf(service(), 'shodan', { kind: 'ip', value: '198.51.100.9' })).toEqual({
      source: 'shodan',
      status: 'answered',
      verdict: 'no-data',
      facts: [],
    });
  });

  it('never puts the key into a report or a log line, whatever Shodan echoes and however the call fails', async () => {
    const echo = { error: `bad request for /shodan/host/x?key=${API_KEY}&minify=true`, key: API_KEY };
    standIn.script(
      { answer: { status: 500, body: echo } },
      { answer: { status: 400, body: echo } },
      { answer: { status: 429, headers: { 'Retry-After': '3' }, body: echo } },
      { hang: true },
    );
    const reports = [];
    for (let i = 0; i < 4; i += 1) reports.push(await reportOf(service(), 'shodan', IP));
    reports.push(await reportOf(service(standIn.url, 'wrong-key-also-secret'), 'shodan', IP));
    reports.push(await reportOf(service(`http://127.0.0.1:${await closedPort()}`), 'shodan', IP));
    expect(reports.map((report) => ('kind' in report ? report.kind : report.status))).toEqual([
      'unavailable',
      'rejected',
      'rate-limited',
      'timeout',
      'auth',
      'network',
    ]);
    expect(JSON.stringify(reports)).not.toContain(API_KEY);
    expect(JSON.stringify(reports)).not.toContain('wrong-key-also-secret');
    expect(log.text()).toContain('shodan');
    expect(log.text()).not.toContain(API_KEY);
    expect(log.text()).not.toContain('wrong-key-also-secret');
  });
});
