import type { IndicatorReport } from '../../../src/integrations/enrichment/indicator-report';
import {
  defangIndicator,
  indicatorReportText,
  rateLimitedSources,
} from '../../../src/integrations/enrichment/indicator-report-text';

const REPORT: IndicatorReport = {
  indicator: { kind: 'ip', value: '185.220.101.4' },
  sources: [
    {
      source: 'virustotal',
      status: 'answered',
      verdict: 'malicious',
      facts: [
        { label: 'malicious', value: '12' },
        { label: 'AS owner', value: 'Evil [Hosting](https://evil.example)' },
      ],
    },
    { source: 'greynoise', status: 'answered', verdict: 'no-data', facts: [] },
    { source: 'shodan', status: 'rate-limited', retryAfterMs: 40_000 },
    { source: 'misp', status: 'failed', reason: 'MISP answered 503; it may be down', kind: 'unavailable' },
    { source: 'abuseipdb', status: 'not-applicable' },
  ],
  notConfigured: ['abuseipdb'],
  overall: { verdict: 'incomplete', line: 'malicious at 1 of 2 sources that answered; Shodan pending' },
  lookedUpAt: '2026-12-06T10:00:00.000Z',
};

/** The indicator card as analysts read it: defanged, "no data" never "clean", service text kept as text. */
describe('indicator card text', () => {
  it('shows the indicator defanged, each source with its verdict and facts, and what is not configured', () => {
    const text = indicatorReportText(REPORT);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      // Escaped for markdown like everything on a card; Teams shows 185[.]220[.]101[.]4.
      '**185\\[.\\]220\\[.\\]101\\[.\\]4** (IP address): malicious at 1 of 2 sources that answered; Shodan pending',
    );
    expect(lines).toContain(
      '- VirusTotal: malicious (malicious: 12; AS owner: Evil \\[Hosting\\]\\(https://evil.example\\))',
    );
    expect(lines).toContain('- GreyNoise: no data');
    expect(text).not.toMatch(/clean/i);
    expect(lines).toContain(
      "- Shodan: is rate-limiting us; I'll post its answer here when it comes (in about 40 seconds)",
    );
    // The card says what to do, not the error's words (they name the service's address).
    expect(lines).toContain('- MISP: no answer (it failed on its side; ask again later)');
    expect(text).not.toContain('503');
    expect(text).not.toContain('does not cover');
    expect(lines.at(-1)).toBe('Not configured here: AbuseIPDB.');
  });

  it.each([
    [{ kind: 'ip', value: '185.220.101.4' }, '185[.]220[.]101[.]4'],
    [{ kind: 'ip', value: '2001:4860::8888' }, '2001[:]4860[:][:]8888'],
    [{ kind: 'domain', value: 'evil.example.com' }, 'evil[.]example[.]com'],
    [{ kind: 'url', value: 'https://evil.com/a.php?x=1' }, 'hxxps://evil[.]com/a[.]php?x=1'],
    [{ kind: 'url', value: 'HTTP://evil.com' }, 'HXXP://evil[.]com'],
    [{ kind: 'hash', value: '44d88612fea8a8f36de82e1278abb02f' }, '44d88612fea8a8f36de82e1278abb02f'],
  ] as const)('defangs %j as %s', (indicator, shown) => {
    expect(defangIndicator(indicator)).toBe(shown);
  });

  it('names the rate-limited sources and the longest wait', () => {
    const twice: IndicatorReport = {
      ...REPORT,
      sources: [...REPORT.sources, { source: 'virustotal', status: 'rate-limited', retryAfterMs: 61_000 }],
    };
    expect(rateLimitedSources(twice)).toEqual({ sources: ['shodan', 'virustotal'], waitMs: 61_000 });
    expect(rateLimitedSources({ ...REPORT, sources: [] })).toEqual({ sources: [], waitMs: 0 });
  });
});

describe('indicator card text for a ticket note', () => {
  it('is plain text: defanged, nothing escaped for markdown, a refused key named by its variable', () => {
    const report: IndicatorReport = {
      indicator: { kind: 'domain', value: 'evil.example.com' },
      sources: [
        {
          source: 'virustotal',
          status: 'answered',
          verdict: 'malicious',
          facts: [{ label: 'Engines', value: '9 (of 90)' }],
        },
        { source: 'misp', status: 'failed', reason: 'http://10.0.0.9/ said 401', kind: 'auth' },
      ],
      notConfigured: [],
      overall: { verdict: 'malicious', line: 'Malicious according to VirusTotal.' },
      lookedUpAt: '2026-12-06T10:00:00.000Z',
    };
    expect(indicatorReportText(report, { answerFollows: false, plain: true })).toBe(
      [
        'evil[.]example[.]com (domain): Malicious according to VirusTotal.',
        '- VirusTotal: malicious (Engines: 9 (of 90))',
        '- MISP: no answer (its key was refused; check MISP_URL and MISP_API_KEY)',
      ].join('\n'),
    );
  });
});
