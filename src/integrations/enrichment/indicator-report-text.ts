import { escapeCardMarkdown } from '../notify/card-markdown';
import { SOURCE_NAMES } from './enrichment-sources';
import type {
  EnrichmentSource,
  Indicator,
  IndicatorReport,
  SourceReport,
  SourceVerdict,
} from './indicator-report';

const KIND_NAMES: Readonly<Record<Indicator['kind'], string>> = {
  ip: 'IP address',
  domain: 'domain',
  url: 'URL',
  hash: 'file hash',
};

const VERDICT_WORDS: Readonly<Record<SourceVerdict, string>> = {
  malicious: 'malicious',
  suspicious: 'suspicious',
  harmless: 'harmless',
  // Never "clean": a source that has nothing on an indicator has not vouched for it.
  'no-data': 'no data',
};

/**
 * An indicator as it is safe to show: dots bracketed and `http` written `hxxp`, so neither Teams nor
 * Web Chat turns a malicious domain or URL into a link someone clicks at 3 a.m. Hashes are shown as
 * they are.
 *
 * @example
 *   defangIndicator({ kind: 'url', value: 'https://evil.com/x' }) // 'hxxps://evil[.]com/x'
 */
export function defangIndicator(indicator: Indicator): string {
  if (indicator.kind === 'hash') return indicator.value;
  if (indicator.kind === 'ip' && indicator.value.includes(':')) return indicator.value.replace(/:/g, '[:]');
  return indicator.value
    .replace(/^http/i, (scheme) => scheme.replace(/t/g, 'x').replace(/T/g, 'X'))
    .replace(/\./g, '[.]');
}

/**
 * One indicator's card as chat text (markdown): the indicator defanged, the overall verdict, one
 * line per configured source with its verdict and facts, and which sources are not configured.
 * Everything a service said is escaped: it is data, never markdown or a link.
 *
 * @example
 *   indicatorReportText(report)
 *   // **185[.]220[.]101[.]4** (IP address): malicious, 2 of 2 sources that know it flag it
 *   // - VirusTotal: malicious (malicious: 12; suspicious: 1; AS owner: Foo)
 */
export function indicatorReportText(
  report: IndicatorReport,
  options: { answerFollows: boolean } = { answerFollows: true },
): string {
  const head = `**${escapeCardMarkdown(defangIndicator(report.indicator))}** (${KIND_NAMES[report.indicator.kind]}): ${escapeCardMarkdown(report.overall.line)}`;
  const lines = [
    head,
    ...report.sources
      .filter((source) => source.status !== 'not-applicable')
      .map((source) => sourceLine(source, options.answerFollows, report.indicator)),
  ];
  if (report.notConfigured.length > 0) {
    const names = report.notConfigured.map((source) => SOURCE_NAMES[source]).join(', ');
    lines.push(`Not configured here: ${names}.`);
  }
  return lines.join('\n');
}

/** One source's line on the card. */
function sourceLine(report: SourceReport, answerFollows: boolean, indicator: Indicator): string {
  const name = SOURCE_NAMES[report.source];
  switch (report.status) {
    case 'answered': {
      const facts = report.facts.map((fact) => `${fact.label}: ${fact.value}`).join('; ');
      return `- ${name}: ${VERDICT_WORDS[report.verdict]}${facts ? ` (${escapeCardMarkdown(facts)})` : ''}`;
    }
    case 'rate-limited':
      return answerFollows
        ? `- ${name}: is rate-limiting us; I'll post its answer here when it comes (in about ${waitWords(report.retryAfterMs)})`
        : `- ${name}: was still rate-limiting us; say "vtip ${escapeCardMarkdown(defangIndicator(indicator))}" later for its answer`;
    case 'failed':
      return `- ${name}: no answer (${escapeCardMarkdown(report.reason)})`;
    case 'not-applicable':
      return `- ${name}: does not cover this kind of indicator`;
  }
}

/** "40 seconds", "2 minutes". */
function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** The sources of a report that were rate-limited, and the longest wait they asked for. */
export function rateLimitedSources(report: IndicatorReport): { sources: EnrichmentSource[]; waitMs: number } {
  const limited = report.sources.filter(
    (source): source is Extract<SourceReport, { status: 'rate-limited' }> => source.status === 'rate-limited',
  );
  return {
    sources: limited.map((source) => source.source),
    waitMs: Math.max(0, ...limited.map((source) => source.retryAfterMs)),
  };
}
