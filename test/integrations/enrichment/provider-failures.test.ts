import type { EnrichmentSource, Indicator } from '../../../src/integrations/enrichment/indicator-report';
import { createCapturedLogger } from '../../helpers/captured-logger';
import { startAbuseIpdbStandIn } from '../stand-ins/abuseipdb-stand-in';
import { startGreyNoiseStandIn } from '../stand-ins/greynoise-stand-in';
import { startMispStandIn } from '../stand-ins/misp-stand-in';
import { startShodanStandIn } from '../stand-ins/shodan-stand-in';
import type { StandIn } from '../stand-ins/stand-in-server';
import { startVirusTotalStandIn } from '../stand-ins/virustotal-stand-in';
import { enrichmentService, IP, reportOf } from './enrichment-fixtures';

interface Case {
  source: EnrichmentSource;
  start: (apiKey: string) => Promise<StandIn>;
  /** The base URL the provider is given (VirusTotal's includes /api/v3). */
  base: (standIn: StandIn) => string;
  variable: string;
  /** A 2xx body in a shape the API never answers. */
  malformed: unknown;
}

const CASES: Case[] = [
  {
    source: 'virustotal',
    start: startVirusTotalStandIn,
    base: (s) => `${s.url}/api/v3`,
    variable: 'VIRUSTOTAL_API_KEY',
    malformed: { data: { attributes: { last_analysis_stats: { malicious: 'many' } } } },
  },
  {
    source: 'abuseipdb',
    start: startAbuseIpdbStandIn,
    base: (s) => s.url,
    variable: 'ABUSEIPDB_API_KEY',
    malformed: { data: { ipAddress: IP.value } },
  },
  {
    source: 'greynoise',
    start: startGreyNoiseStandIn,
    base: (s) => s.url,
    variable: 'GREYNOISE_API_KEY',
    malformed: '<html><body>Please log in</body></html>',
  },
  {
    source: 'shodan',
    start: startShodanStandIn,
    base: (s) => s.url,
    variable: 'SHODAN_API_KEY',
    malformed: { ports: 'twenty-two' },
  },
  {
    source: 'misp',
    start: startMispStandIn,
    base: (s) => s.url,
    variable: 'MISP_API_KEY',
    malformed: { response: [] },
  },
];

const API_KEY = 'right-key-NEVER-LOGGED-1234';
const WRONG_KEY = 'wrong-key-NEVER-LOGGED-5678';

describe.each(CASES)('$source failures become reports, never exceptions', (c) => {
  let standIn: StandIn;
  const log = createCapturedLogger('debug');
  const lookup = (apiKey = API_KEY, indicator: Indicator = IP) =>
    reportOf(
      enrichmentService({ [c.source]: { url: c.base(standIn), apiKey } }, { logger: log.logger }),
      c.source,
      indicator,
    );

  beforeEach(async () => {
    standIn = await c.start(API_KEY);
  });
  afterEach(() => standIn.close());

  it(`a refused key (the API's own 401/403) is failed/auth and names ${c.variable}`, async () => {
    const report = await lookup(WRONG_KEY);
    expect(report).toMatchObject({ source: c.source, status: 'failed', kind: 'auth' });
    expect(report.status === 'failed' && report.reason).toContain(c.variable);
    expect(JSON.stringify(report)).not.toContain(WRONG_KEY);
  });

  it(`403 (no permission) is failed/auth and names ${c.variable}`, async () => {
    standIn.script({
      answer: { status: 403, body: { error: { code: 'ForbiddenError', message: 'forbidden' } } },
    });
    const report = await lookup();
    expect(report).toMatchObject({ status: 'failed', kind: 'auth' });
    expect(report.status === 'failed' && report.reason).toContain(c.variable);
  });

  it('429 with Retry-After is rate-limited with that wait', async () => {
    standIn.script({ answer: { status: 429, headers: { 'Retry-After': '17' }, body: { error: 'quota' } } });
    expect(await lookup()).toEqual({ source: c.source, status: 'rate-limited', retryAfterMs: 17_000 });
  });

  it('5xx is failed/unavailable, without quoting the service', async () => {
    standIn.script({ answer: { status: 502, body: { error: 'upstream exploded: SECRET-INTERNAL-DETAIL' } } });
    const report = await lookup();
    expect(report).toMatchObject({ status: 'failed', kind: 'unavailable' });
    expect(JSON.stringify(report)).not.toContain('SECRET-INTERNAL-DETAIL');
  });

  it('a 2xx body in the wrong shape is failed/invalid-response', async () => {
    standIn.script({ answer: { status: 200, body: c.malformed } });
    const report = await lookup();
    expect(report).toMatchObject({ status: 'failed', kind: 'invalid-response' });
    expect(report.status === 'failed' && report.reason).toMatch(/URL variable/);
  });

  afterAll(() => {
    expect(log.text()).not.toContain(API_KEY);
    expect(log.text()).not.toContain(WRONG_KEY);
  });
});
