import { createAlertEnricher } from '../../src/app/alert-enrichment';
import { keyHash } from '../../src/integrations/idempotency-key';
import { IntegrationError } from '../../src/integrations/integration-error';
import { createLogger } from '../../src/logger';
import type { AlertChangeRequest } from '../../src/store/alert-change';
import { SocbotError } from '../../src/errors';
import { enrichmentService } from '../integrations/enrichment/enrichment-fixtures';
import { startAbuseIpdbStandIn, type AbuseIpdbStandIn } from '../integrations/stand-ins/abuseipdb-stand-in';
import {
  startVirusTotalStandIn,
  type VirusTotalStandIn,
} from '../integrations/stand-ins/virustotal-stand-in';

const IP = '185.220.101.4';
const KEY = 'SOC-2026-0001:enrich.alert:185.220.101.4';
const QUOTA_EXCEEDED = {
  answer: {
    status: 429,
    headers: { 'Retry-After': '20' },
    body: { error: { code: 'QuotaExceededError', message: 'Quota exceeded' } },
  },
};

/**
 * A SIEM alert's enrichment (src/app/alert-enrichment.ts) against VirusTotal and AbuseIPDB stand-ins:
 * the verdict as a note on the alert and on its ticket, a rate-limiting source waited for a few
 * attempts and then named on a verdict recorded from the others.
 */
describe('SIEM alert enrichment', () => {
  let virustotal: VirusTotalStandIn;
  let abuseipdb: AbuseIpdbStandIn;
  const changes: AlertChangeRequest[] = [];
  const ticketNotes: Array<{ ref: string; text: string; requestId: string }> = [];

  beforeEach(async () => {
    changes.length = 0;
    ticketNotes.length = 0;
    virustotal = await startVirusTotalStandIn('vt-key');
    abuseipdb = await startAbuseIpdbStandIn('abuse-key');
    virustotal.objects.set(`ip_addresses/${IP}`, {
      last_analysis_stats: { malicious: 9, suspicious: 0, harmless: 50, undetected: 30 },
    });
    abuseipdb.addresses.set(IP, { abuseConfidenceScore: 100, totalReports: 40 });
  });
  afterEach(async () => {
    await virustotal.close();
    await abuseipdb.close();
  });

  function enricher(alerts: { change(request: AlertChangeRequest): Promise<unknown> } = recording()) {
    const logger = createLogger({ level: 'silent' });
    return createAlertEnricher({
      enrichment: enrichmentService(
        {
          virustotal: { url: `${virustotal.url}/api/v3`, apiKey: 'vt-key' },
          abuseipdb: { url: abuseipdb.url, apiKey: 'abuse-key' },
        },
        { logger },
      ),
      alerts,
      ticketNote: async (ref, text, requestId) => {
        ticketNotes.push({ ref, text, requestId });
      },
      logger,
    });
  }
  function recording() {
    return {
      change: async (request: AlertChangeRequest) => {
        changes.push(request);
      },
    };
  }
  const about = (waitForRateLimits: boolean) => ({
    key: KEY,
    signal: new AbortController().signal,
    waitForRateLimits,
  });

  it('records the verdict as a note on the alert (keyed by the job) and on its ticket', async () => {
    const { verdict, summary } = await enricher().enrich({ ref: 'SOC-2026-0001', ip: IP }, about(true));
    expect(verdict).toBe('malicious');
    expect(summary).toContain('- VirusTotal: malicious');
    expect(changes).toEqual([
      {
        ref: 'SOC-2026-0001',
        action: 'note',
        by: 'socbot (threat intelligence)',
        requestId: KEY,
        note: `Threat intelligence on ${IP}: Malicious according to VirusTotal and AbuseIPDB.`,
      },
    ]);
    // Plain text on the ticket (the provider escapes for its own format); markdown in chat.
    expect(ticketNotes).toEqual([
      {
        ref: 'SOC-2026-0001',
        text: summary.replace(/\\/g, '').replace(/\*\*/g, ''),
        requestId: `enrich-${keyHash(KEY)}`,
      },
    ]);
    expect(ticketNotes[0]?.text).toMatch(/^185\[\.\]220\[\.\]101\[\.\]4 \(IP address\): Malicious/);
  });

  it('waits for a rate-limiting source (retryable, with its wait) and records nothing meanwhile', async () => {
    virustotal.script(QUOTA_EXCEEDED);
    const attempt = enricher().enrich({ ref: 'SOC-2026-0001', ip: IP }, about(true));
    await expect(attempt).rejects.toBeInstanceOf(IntegrationError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'rate-limited',
      retryable: true,
      retryAfterMs: 20_000,
    });
    expect(changes).toEqual([]);
    expect(ticketNotes).toEqual([]);
  });

  it('past the waiting attempts, records what the others said and names the source to ask later', async () => {
    virustotal.script(QUOTA_EXCEEDED);
    const { verdict, summary } = await enricher().enrich({ ref: 'SOC-2026-0001', ip: IP }, about(false));
    expect(verdict).toBe('malicious');
    expect(summary).toContain(
      '- VirusTotal: was still rate-limiting us; say "vtip 185\\[.\\]220\\[.\\]101\\[.\\]4" later',
    );
    expect(summary).not.toContain("I'll post its answer");
    expect(summary).toContain('- AbuseIPDB: malicious');
    expect(changes).toHaveLength(1);
    expect(ticketNotes).toHaveLength(1);
  });

  it('a closed alert takes no note; the ticket still gets the verdict', async () => {
    const closed = {
      change: async () => {
        throw new SocbotError('INPUT_INVALID', 'SOC-2026-0001 is closed; reopen it first.');
      },
    };
    await enricher(closed).enrich({ ref: 'SOC-2026-0001', ip: IP }, about(true));
    expect(ticketNotes).toHaveLength(1);
  });
});
