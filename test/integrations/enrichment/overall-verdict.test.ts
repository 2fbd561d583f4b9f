import type { SourceReport, SourceVerdict } from '../../../src/integrations/enrichment/indicator-report';
import {
  abuseIpdbVerdict,
  greyNoiseVerdict,
  mispVerdict,
  overallVerdict,
  shodanVerdict,
  virusTotalVerdict,
} from '../../../src/integrations/enrichment/overall-verdict';

const answered = (source: SourceReport['source'], verdict: SourceVerdict): SourceReport => ({
  source,
  status: 'answered',
  verdict,
  facts: [],
});
const failed: SourceReport = { source: 'shodan', status: 'failed', reason: 'down', kind: 'unavailable' };
const limited: SourceReport = { source: 'virustotal', status: 'rate-limited', retryAfterMs: 15_000 };
const notApplicable: SourceReport = { source: 'abuseipdb', status: 'not-applicable' };

describe('overall verdict: no data is never clean', () => {
  it.each<[string, SourceReport[], string, RegExp]>([
    [
      'one malicious beats harmless and failures',
      [answered('greynoise', 'harmless'), failed, answered('misp', 'malicious')],
      'malicious',
      /^Malicious according to MISP\.$/,
    ],
    [
      'several malicious sources are all named',
      [
        answered('virustotal', 'malicious'),
        answered('abuseipdb', 'malicious'),
        answered('misp', 'malicious'),
      ],
      'malicious',
      /VirusTotal, AbuseIPDB and MISP/,
    ],
    [
      'suspicious beats harmless',
      [answered('virustotal', 'harmless'), answered('shodan', 'suspicious')],
      'suspicious',
      /Suspicious according to Shodan/,
    ],
    [
      'suspicious with a failure is still suspicious',
      [answered('shodan', 'suspicious'), limited],
      'suspicious',
      /Shodan/,
    ],
    [
      'harmless with a failed source is incomplete, not harmless',
      [answered('greynoise', 'harmless'), failed],
      'incomplete',
      /Shodan failed/,
    ],
    [
      'no data with a rate-limited source is incomplete',
      [answered('misp', 'no-data'), limited],
      'incomplete',
      /VirusTotal is rate-limiting us/,
    ],
    [
      'harmless needs one source that vouches',
      [answered('virustotal', 'harmless'), answered('misp', 'no-data')],
      'harmless',
      /Harmless according to VirusTotal/,
    ],
    [
      'all no-data is no-data',
      [answered('virustotal', 'no-data'), answered('greynoise', 'no-data')],
      'no-data',
      /not the same as clean/,
    ],
    ['nothing applicable is no-data', [notApplicable], 'no-data', /no configured source covers/],
    ['no source at all is no-data', [], 'no-data', /no configured source covers/],
  ])('%s', (_name, reports, verdict, line) => {
    const overall = overallVerdict(reports);
    expect(overall.verdict).toBe(verdict);
    expect(overall.line).toMatch(line);
  });
});

describe('per-source rules', () => {
  it.each<[number, number, number, number, SourceVerdict]>([
    [2, 0, 50, 10, 'malicious'],
    [1, 0, 50, 10, 'suspicious'],
    [0, 3, 50, 10, 'suspicious'],
    [0, 0, 50, 10, 'harmless'],
    [0, 0, 0, 70, 'no-data'],
    [0, 0, 0, 0, 'no-data'],
  ])(
    'VirusTotal %i malicious, %i suspicious, %i harmless, %i undetected: %s',
    (malicious, suspicious, harmless, undetected, verdict) => {
      expect(virusTotalVerdict({ malicious, suspicious, harmless, undetected })).toBe(verdict);
    },
  );

  it.each<[number, number, boolean, SourceVerdict]>([
    [100, 50, false, 'malicious'],
    [75, 1, false, 'malicious'],
    [40, 3, false, 'suspicious'],
    [10, 3, false, 'no-data'],
    [0, 3, false, 'no-data'],
    [0, 0, false, 'no-data'],
    [0, 0, true, 'harmless'],
  ])(
    'AbuseIPDB score %i with %i reports (whitelisted %s): %s',
    (score, totalReports, whitelisted, verdict) => {
      expect(abuseIpdbVerdict({ score, totalReports, whitelisted })).toBe(verdict);
    },
  );

  it.each<[string | undefined, boolean, boolean, SourceVerdict]>([
    ['malicious', true, false, 'malicious'],
    ['suspicious', true, false, 'suspicious'],
    ['benign', true, false, 'harmless'],
    ['unknown', false, true, 'harmless'],
    ['unknown', true, false, 'suspicious'],
    ['unknown', false, false, 'no-data'],
    [undefined, false, false, 'no-data'],
  ])('GreyNoise classification %s, noise %s, RIOT %s: %s', (classification, noise, riot, verdict) => {
    expect(greyNoiseVerdict({ classification, noise, riot })).toBe(verdict);
  });

  it('Shodan: c2/malware tags are malicious, CVEs suspicious, open ports alone no-data', () => {
    expect(shodanVerdict({ vulns: [], tags: ['C2'] })).toBe('malicious');
    expect(shodanVerdict({ vulns: ['CVE-2021-44228'], tags: [] })).toBe('suspicious');
    expect(shodanVerdict({ vulns: [], tags: ['cloud'] })).toBe('no-data');
  });

  it('MISP: a detection hit is malicious, other hits suspicious, none no-data', () => {
    expect(mispVerdict([{ toIds: false }, { toIds: true }])).toBe('malicious');
    expect(mispVerdict([{ toIds: false }])).toBe('suspicious');
    expect(mispVerdict([])).toBe('no-data');
  });
});
