import { isSocbotError, type SocbotError } from '../../../src/errors';
import { loadEnrichmentConfig } from '../../../src/integrations/enrichment/enrichment-config';
import { integrationCredentials } from '../../../src/integrations/integration-credentials';
import { loadIntegrationConfig } from '../../../src/integrations/integration-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadIntegrationConfig(env);
  } catch (error) {
    if (isSocbotError(error, 'CONFIG_INVALID')) return (error as SocbotError).details.problems as string[];
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('enrichment configuration', () => {
  it('turns a source on with its key, with the public base URL and rate by default', () => {
    const config = loadEnrichmentConfig(
      {
        VIRUSTOTAL_API_KEY: 'vt',
        SHODAN_API_KEY: 'sh',
        SHODAN_RATE_PER_MINUTE: '30',
        ENRICHMENT_CACHE_MINUTES: '15',
      },
      5000,
    );
    expect(config).toEqual({
      sources: {
        virustotal: { apiKey: 'vt', url: 'https://www.virustotal.com/api/v3', ratePerMinute: 4 },
        shodan: { apiKey: 'sh', url: 'https://api.shodan.io', ratePerMinute: 30 },
      },
      cacheMinutes: 15,
      timeoutMs: 5000,
    });
  });

  it('takes base-URL overrides and MISP with both its URL and key', () => {
    const config = loadEnrichmentConfig(
      {
        ABUSEIPDB_API_KEY: 'a',
        ABUSEIPDB_URL: 'http://127.0.0.1:9000',
        GREYNOISE_API_KEY: 'g',
        MISP_URL: 'https://misp.example.com',
        MISP_API_KEY: 'm',
      },
      10_000,
    );
    expect(config.sources.abuseipdb).toEqual({
      apiKey: 'a',
      url: 'http://127.0.0.1:9000',
      ratePerMinute: 10,
    });
    expect(config.sources.greynoise?.url).toBe('https://api.greynoise.io');
    expect(config.sources.misp).toEqual({ apiKey: 'm', url: 'https://misp.example.com', ratePerMinute: 120 });
  });

  it('reports every problem with the variable to fix, together with the other integration problems', () => {
    expect(
      problemsOf({
        TICKETING: 'thehive',
        MISP_URL: 'https://misp.example.com',
        VIRUSTOTAL_API_KEY: 'vt',
        VIRUSTOTAL_URL: 'ftp://vt.example',
      }),
    ).toEqual([
      expect.stringMatching(/^THEHIVE_URL: required/),
      expect.stringMatching(/^THEHIVE_API_KEY: required/),
      expect.stringMatching(/^VIRUSTOTAL_URL: not a valid https or http URL/),
      expect.stringMatching(/^MISP_API_KEY: required when MISP_URL is set/),
    ]);
    expect(problemsOf({ MISP_API_KEY: 'm' })).toEqual([
      expect.stringMatching(/^MISP_URL: required when MISP_API_KEY/),
    ]);
    expect(problemsOf({ VIRUSTOTAL_RATE_PER_MINUTE: '0', ENRICHMENT_CACHE_MINUTES: 'soon' })).toEqual([
      expect.stringMatching(/^VIRUSTOTAL_RATE_PER_MINUTE: must be a whole number of calls a minute from 1/),
      expect.stringMatching(/^ENRICHMENT_CACHE_MINUTES: must be a whole number of minutes from 1 to 1440/),
    ]);
  });

  it('lists every enrichment key (and URL credentials) for the logger to scrub', () => {
    const config = loadIntegrationConfig({
      VIRUSTOTAL_API_KEY: 'vt-secret-key',
      SHODAN_API_KEY: 'shodan-secret-key',
      MISP_URL: 'https://user:misp-url-password@misp.example.com',
      MISP_API_KEY: 'misp-secret-key',
    });
    expect(integrationCredentials(config)).toEqual(
      expect.arrayContaining(['vt-secret-key', 'shodan-secret-key', 'misp-secret-key', 'misp-url-password']),
    );
  });
});
