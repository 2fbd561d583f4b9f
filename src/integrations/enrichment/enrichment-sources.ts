import type { EnrichmentSource } from './indicator-report';

/** Every source, in the order reports and cards list them. */
export const ENRICHMENT_SOURCES: readonly EnrichmentSource[] = [
  'virustotal',
  'abuseipdb',
  'greynoise',
  'shodan',
  'misp',
];

/**
 * How people call each source (cards, lines, messages).
 *
 * @example
 *   SOURCE_NAMES.virustotal; // 'VirusTotal'
 */
export const SOURCE_NAMES: Readonly<Record<EnrichmentSource, string>> = {
  virustotal: 'VirusTotal',
  abuseipdb: 'AbuseIPDB',
  greynoise: 'GreyNoise',
  shodan: 'Shodan',
  misp: 'MISP',
};

/** The variable that turns each source on (named in "not configured" hints). */
export const SOURCE_KEY_VARIABLES: Readonly<Record<EnrichmentSource, string>> = {
  virustotal: 'VIRUSTOTAL_API_KEY',
  abuseipdb: 'ABUSEIPDB_API_KEY',
  greynoise: 'GREYNOISE_API_KEY',
  shodan: 'SHODAN_API_KEY',
  misp: 'MISP_URL and MISP_API_KEY',
};
