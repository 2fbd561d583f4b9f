import { escapeCardMarkdown } from '../notify/card-markdown';
import type { IntegrationFailureKind } from '../integration-error';
import { SOURCE_KEY_VARIABLES, SOURCE_NAMES } from './enrichment-sources';
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

/** How a card is written: chat markdown, or plain text for a ticket note (the provider escapes it). */
export interface ReportTextOptions {
  /** True when a rate-limited source's answer will be posted later (`enrich.late`). */
  answerFollows: boolean;
  /** Plain text: no markdown, nothing escaped for markdown. Default false (chat). */
  plain?: boolean;
}

/**
 * One indicator's card as text: the indicator defanged, the overall verdict, one line per
 * configured source with its verdict and facts, and which sources are not configured. In chat
 * (markdown) everything a service said is escaped: it is data, never markdown or a link; a ticket
 * note is plain text, escaped by its provider for its own format.
 *
 * @example
 *   indicatorReportText(report)
 *   // **185\[.\]220\[.\]101\[.\]4** (IP address): Malicious according to VirusTotal.
 *   // - VirusTotal: malicious (Engines: 12 malicious, …; AS owner: Foo)
 */
export function indicatorReportText(
  report: IndicatorReport,
  options: ReportTextOptions = { answerFollows: true },
): string {
  const text = options.plain ? (value: string) => value : escapeCardMarkdown;
  const shown = text(defangIndicator(report.indicator));
  const head = `${options.plain ? shown : `**${shown}**`} (${KIND_NAMES[report.indicator.kind]}): ${text(report.overall.line)}`;
  const lines = [
    head,
    ...report.sources
      .filter((source) => source.status !== 'not-applicable')
      .map((source) => sourceLine(source, options.answerFollows, shown, text)),
  ];
  if (report.notConfigured.length > 0) {
    const names = report.notConfigured.map((source) => SOURCE_NAMES[source]).join(', ');
    lines.push(`Not configured here: ${names}.`);
  }
  return lines.join('\n');
}

/** One source's line on the card; `shown` is the indicator as the card shows it. */
function sourceLine(
  report: SourceReport,
  answerFollows: boolean,
  shown: string,
  text: (value: string) => string,
): string {
  const name = SOURCE_NAMES[report.source];
  switch (report.status) {
    case 'answered': {
      const facts = report.facts.map((fact) => `${fact.label}: ${fact.value}`).join('; ');
      return `- ${name}: ${VERDICT_WORDS[report.verdict]}${facts ? ` (${text(facts)})` : ''}`;
    }
    case 'rate-limited':
      return answerFollows
        ? `- ${name}: is rate-limiting us; I'll post its answer here when it comes (in about ${waitWords(report.retryAfterMs)})`
        : `- ${name}: was still rate-limiting us; say "vtip ${shown}" later for its answer`;
    case 'failed':
      // Not the error's message: it names the service's address and promises retries a look-up never makes.
      return `- ${name}: no answer (${failureWords(report.source, report.kind)})`;
    case 'not-applicable':
      return `- ${name}: does not cover this kind of indicator`;
  }
}

/** Why a source gave no answer, for the card: what happened and what to do. */
function failureWords(source: EnrichmentSource, kind: IntegrationFailureKind): string {
  switch (kind) {
    case 'auth':
      return `its key was refused; check ${SOURCE_KEY_VARIABLES[source]}`;
    case 'timeout':
      return 'it did not answer in time; ask again later';
    case 'network':
      return 'it could not be reached; ask again later';
    case 'unavailable':
    case 'rate-limited':
    case 'aborted':
      return 'it failed on its side; ask again later';
    case 'invalid-response':
      return 'its answer was not in the shape its API documents; the log has it';
    case 'rejected':
    case 'not-found':
      return 'it refused the request; the log says why';
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
