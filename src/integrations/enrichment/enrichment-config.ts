import { z } from 'zod';
import { configInvalid } from '../../config/config-problems';
import { ABUSEIPDB_DEFAULT_URL } from './abuseipdb-provider';
import type { EnrichmentSource } from './indicator-report';
import { GREYNOISE_DEFAULT_URL } from './greynoise-provider';
import { SHODAN_DEFAULT_URL } from './shodan-provider';
import { VIRUSTOTAL_DEFAULT_URL } from './virustotal-provider';

/** One configured source: where, with which key, how many calls a minute socbot allows itself. */
export interface EnrichmentSourceConfig {
  url: string;
  /** A secret: never logged (integration-credentials.ts lists it for the logger). */
  apiKey: string;
  ratePerMinute: number;
}

/** The enrichment sources that have a key here, and how long answers are reused. */
export interface EnrichmentConfig {
  /** Only the sources with a key; a missing entry is a source that is not configured. */
  sources: Partial<Record<EnrichmentSource, EnrichmentSourceConfig>>;
  /** ENRICHMENT_CACHE_MINUTES: an answer is reused this long (1–1440, default 60). */
  cacheMinutes: number;
  /** Deadline of one call (INTEGRATION_TIMEOUT_MS). */
  timeoutMs: number;
}

/**
 * Calls a minute socbot allows itself per source when its *_RATE_PER_MINUTE is unset: VirusTotal's
 * public API allows 4; AbuseIPDB's and GreyNoise's free plans count per day, so bursts are kept
 * small; Shodan allows about one a second; MISP is usually your own server.
 */
export const DEFAULT_RATE_PER_MINUTE: Readonly<Record<EnrichmentSource, number>> = {
  virustotal: 4,
  abuseipdb: 10,
  greynoise: 10,
  shodan: 60,
  misp: 120,
};

const DEFAULT_CACHE_MINUTES = 60;
const MAX_CACHE_MINUTES = 1440;
const MAX_RATE_PER_MINUTE = 10_000;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const rate = (source: EnrichmentSource) => {
  const advice = `must be a whole number of calls a minute from 1 to ${MAX_RATE_PER_MINUTE} (default ${DEFAULT_RATE_PER_MINUTE[source]})`;
  return z.coerce
    .number({ error: advice })
    .int(advice)
    .min(1, advice)
    .max(MAX_RATE_PER_MINUTE, advice)
    .default(DEFAULT_RATE_PER_MINUTE[source]);
};

const CACHE_ADVICE = `must be a whole number of minutes from 1 to ${MAX_CACHE_MINUTES} (default ${DEFAULT_CACHE_MINUTES})`;

const EnrichmentEnvSchema = z.object({
  VIRUSTOTAL_API_KEY: optionalText,
  VIRUSTOTAL_URL: optionalText,
  VIRUSTOTAL_RATE_PER_MINUTE: rate('virustotal'),
  ABUSEIPDB_API_KEY: optionalText,
  ABUSEIPDB_URL: optionalText,
  ABUSEIPDB_RATE_PER_MINUTE: rate('abuseipdb'),
  GREYNOISE_API_KEY: optionalText,
  GREYNOISE_URL: optionalText,
  GREYNOISE_RATE_PER_MINUTE: rate('greynoise'),
  SHODAN_API_KEY: optionalText,
  SHODAN_URL: optionalText,
  SHODAN_RATE_PER_MINUTE: rate('shodan'),
  MISP_URL: optionalText,
  MISP_API_KEY: optionalText,
  MISP_RATE_PER_MINUTE: rate('misp'),
  ENRICHMENT_CACHE_MINUTES: z.coerce
    .number({ error: CACHE_ADVICE })
    .int(CACHE_ADVICE)
    .min(1, CACHE_ADVICE)
    .max(MAX_CACHE_MINUTES, CACHE_ADVICE)
    .default(DEFAULT_CACHE_MINUTES),
});

/** The sources a key alone switches on (MISP needs its URL too): their variables' prefix and default URL. */
const KEYED_SOURCES = [
  { source: 'virustotal', prefix: 'VIRUSTOTAL', defaultUrl: VIRUSTOTAL_DEFAULT_URL, what: 'the API v3 base' },
  { source: 'abuseipdb', prefix: 'ABUSEIPDB', defaultUrl: ABUSEIPDB_DEFAULT_URL, what: 'the API host' },
  { source: 'greynoise', prefix: 'GREYNOISE', defaultUrl: GREYNOISE_DEFAULT_URL, what: 'the API host' },
  { source: 'shodan', prefix: 'SHODAN', defaultUrl: SHODAN_DEFAULT_URL, what: 'the API host' },
] as const satisfies ReadonlyArray<{
  source: EnrichmentSource;
  prefix: string;
  defaultUrl: string;
  what: string;
}>;

/**
 * Every environment variable the enrichment reads (documented in ../env.example.fragment).
 *
 * @example
 *   ENRICHMENT_VARIABLES.includes('VIRUSTOTAL_API_KEY'); // true
 */
export const ENRICHMENT_VARIABLES: readonly string[] = Object.keys(EnrichmentEnvSchema.shape);

/**
 * Reads the enrichment variables. A source is on when its key is set (MISP needs MISP_URL too);
 * a base URL that is set must be an http(s) URL. Every problem is reported at once, naming the
 * variable and what to set; the values themselves are never echoed (URLs may carry credentials).
 *
 * @example
 *   const enrichment = loadEnrichmentConfig({ VIRUSTOTAL_API_KEY: '…' }, 10_000);
 *   Object.keys(enrichment.sources); // ['virustotal']
 */
export function loadEnrichmentConfig(env: NodeJS.ProcessEnv, timeoutMs: number): EnrichmentConfig {
  const parsed = EnrichmentEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw configInvalid(
      'enrichment configuration',
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const url = (name: string, value: string | undefined, fallback: string, what: string): string => {
    if (value === undefined) return fallback;
    if (!isHttpUrl(value)) problems.push(`${name}: not a valid https or http URL; set it to ${what}`);
    return value;
  };
  const sources: EnrichmentConfig['sources'] = {};
  for (const { source, prefix, defaultUrl, what } of KEYED_SOURCES) {
    const apiKey = e[`${prefix}_API_KEY`];
    if (!apiKey) continue;
    sources[source] = {
      apiKey,
      url: url(`${prefix}_URL`, e[`${prefix}_URL`], defaultUrl, `${what}, default ${defaultUrl}`),
      ratePerMinute: e[`${prefix}_RATE_PER_MINUTE`],
    };
  }
  if (e.MISP_URL && !e.MISP_API_KEY)
    problems.push(
      'MISP_API_KEY: required when MISP_URL is set; set it to an auth key (MISP, My Profile, Auth keys)',
    );
  if (e.MISP_API_KEY && !e.MISP_URL)
    problems.push(
      'MISP_URL: required when MISP_API_KEY is set; set it to your MISP instance, e.g. https://misp.example.com',
    );
  if (e.MISP_URL && e.MISP_API_KEY)
    sources.misp = {
      apiKey: e.MISP_API_KEY,
      url: url('MISP_URL', e.MISP_URL, '', 'your MISP instance, e.g. https://misp.example.com'),
      ratePerMinute: e.MISP_RATE_PER_MINUTE,
    };
  if (problems.length > 0) throw configInvalid('enrichment configuration', problems);
  return { sources, cacheMinutes: e.ENRICHMENT_CACHE_MINUTES, timeoutMs };
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}
