import { SOURCE_NAMES } from './enrichment-sources';
import type { IndicatorReport, SourceReport, SourceVerdict } from './indicator-report';

/**
 * Every verdict rule of the enrichment, in one place. The principle: **no data is never clean**.
 * A source that has never seen an indicator (404, "not observed", zero engines, zero reports) says
 * `no-data`; only a source that positively vouches for it says `harmless`.
 *
 * | source | malicious | suspicious | harmless | no-data |
 * |---|---|---|---|---|
 * | VirusTotal | ≥ 2 engines say malicious | 1 engine malicious, or any suspicious | harmless > 0, malicious = suspicious = 0 | 404, or only `undetected`/`timeout` engines |
 * | AbuseIPDB | confidence ≥ 75 with reports | confidence 25–74 with reports | whitelisted by AbuseIPDB | no reports, or confidence < 25 (a low score is not a clean bill) |
 * | GreyNoise | classification `malicious` | classification `suspicious`, or internet noise of `unknown` intent | classification `benign`, or RIOT (a known business service) | 404 (not observed), or not noise and not RIOT |
 * | Shodan | tagged `c2` or `malware` | known CVEs (vulns) | never (open ports say nothing about intent) | 404, or no CVEs |
 * | MISP | a hit marked for detection (`to_ids`) | hits, none marked for detection | never (absence from a feed is not innocence) | no hits |
 *
 * Overall: any `malicious` → malicious; else any `suspicious` → suspicious; else any source that
 * failed or was rate-limited → `incomplete` (it might have said worse); else any `harmless` →
 * harmless; else `no-data`.
 */

/** VirusTotal engines that must say malicious before socbot does (one engine alone is often a false positive). */
export const VIRUSTOTAL_MALICIOUS_ENGINES = 2;
/** AbuseIPDB confidence scores (0–100) from which an address is malicious / suspicious. */
export const ABUSEIPDB_MALICIOUS_SCORE = 75;
/** See ABUSEIPDB_MALICIOUS_SCORE. */
export const ABUSEIPDB_SUSPICIOUS_SCORE = 25;
/** Shodan host tags that mark command-and-control or malware infrastructure. */
export const SHODAN_MALICIOUS_TAGS: readonly string[] = ['c2', 'malware'];

/** VirusTotal `last_analysis_stats`. */
export interface VirusTotalStats {
  malicious: number;
  suspicious: number;
  harmless: number;
  undetected: number;
}

/**
 * @example
 *   virusTotalVerdict({ malicious: 0, suspicious: 0, harmless: 0, undetected: 70 }); // 'no-data'
 */
export function virusTotalVerdict(stats: VirusTotalStats): SourceVerdict {
  if (stats.malicious >= VIRUSTOTAL_MALICIOUS_ENGINES) return 'malicious';
  if (stats.malicious > 0 || stats.suspicious > 0) return 'suspicious';
  if (stats.harmless > 0) return 'harmless';
  return 'no-data';
}

/**
 * @example
 *   abuseIpdbVerdict({ score: 0, totalReports: 3, whitelisted: false }); // 'no-data'
 */
export function abuseIpdbVerdict(check: {
  score: number;
  totalReports: number;
  whitelisted: boolean;
}): SourceVerdict {
  if (check.whitelisted) return 'harmless';
  if (check.totalReports === 0) return 'no-data';
  if (check.score >= ABUSEIPDB_MALICIOUS_SCORE) return 'malicious';
  if (check.score >= ABUSEIPDB_SUSPICIOUS_SCORE) return 'suspicious';
  return 'no-data';
}

/**
 * @example
 *   greyNoiseVerdict({ classification: 'benign', noise: false, riot: true }); // 'harmless'
 */
export function greyNoiseVerdict(answer: {
  classification?: string | undefined;
  noise: boolean;
  riot: boolean;
}): SourceVerdict {
  const classification = answer.classification?.toLowerCase();
  if (classification === 'malicious') return 'malicious';
  if (classification === 'suspicious') return 'suspicious';
  if (classification === 'benign' || answer.riot) return 'harmless';
  if (answer.noise) return 'suspicious';
  return 'no-data';
}

/**
 * @example
 *   shodanVerdict({ vulns: ['CVE-2021-44228'], tags: [] }); // 'suspicious'
 */
export function shodanVerdict(host: { vulns: readonly string[]; tags: readonly string[] }): SourceVerdict {
  if (host.tags.some((tag) => SHODAN_MALICIOUS_TAGS.includes(tag.toLowerCase()))) return 'malicious';
  if (host.vulns.length > 0) return 'suspicious';
  return 'no-data';
}

/**
 * @example
 *   mispVerdict([{ toIds: false }]); // 'suspicious'
 */
export function mispVerdict(hits: ReadonlyArray<{ toIds: boolean }>): SourceVerdict {
  if (hits.some((hit) => hit.toIds)) return 'malicious';
  if (hits.length > 0) return 'suspicious';
  return 'no-data';
}

/**
 * The combined verdict of one indicator's source reports, with one line for people that names
 * the sources behind it. An empty or all-`not-applicable` list is `no-data`.
 *
 * @example
 *   overallVerdict([{ source: 'virustotal', status: 'answered', verdict: 'malicious', facts: [] }]);
 *   // { verdict: 'malicious', line: 'Malicious according to VirusTotal.' }
 */
export function overallVerdict(reports: readonly SourceReport[]): IndicatorReport['overall'] {
  const saying = (verdict: SourceVerdict): string[] =>
    reports.flatMap((report) =>
      report.status === 'answered' && report.verdict === verdict ? [SOURCE_NAMES[report.source]] : [],
    );
  const missing = reports.flatMap((report) =>
    report.status === 'failed'
      ? [`${SOURCE_NAMES[report.source]} failed`]
      : report.status === 'rate-limited'
        ? [`${SOURCE_NAMES[report.source]} is rate-limiting us`]
        : [],
  );
  const malicious = saying('malicious');
  if (malicious.length > 0)
    return { verdict: 'malicious', line: `Malicious according to ${list(malicious)}.` };
  const suspicious = saying('suspicious');
  if (suspicious.length > 0)
    return { verdict: 'suspicious', line: `Suspicious according to ${list(suspicious)}.` };
  if (missing.length > 0) {
    return {
      verdict: 'incomplete',
      line: `Incomplete: ${list(missing)}; no other source reports it as bad, but that is no verdict yet.`,
    };
  }
  const harmless = saying('harmless');
  if (harmless.length > 0)
    return {
      verdict: 'harmless',
      line: `Harmless according to ${list(harmless)}; no source reports it as bad.`,
    };
  const answered = reports.some((report) => report.status === 'answered');
  return {
    verdict: 'no-data',
    line: answered
      ? 'No data: no source knows anything against it or for it. That is not the same as clean.'
      : 'No data: no configured source covers this indicator. That is not the same as clean.',
  };
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
