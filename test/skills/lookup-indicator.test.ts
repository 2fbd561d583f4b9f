import { loadConfig } from '../../src/config';
import type { IntegrationConfig } from '../../src/integrations/integration-config';
import { webChatConversationKey } from '../../src/store/incident-rooms';
import { startAbuseIpdbStandIn, type AbuseIpdbStandIn } from '../integrations/stand-ins/abuseipdb-stand-in';
import {
  startVirusTotalStandIn,
  type VirusTotalStandIn,
} from '../integrations/stand-ins/virustotal-stand-in';
import { ANA, EVE, LEA, startLifecycleChat, type LifecycleChat } from './helpers/lifecycle-chat';

const VT_KEY = 'vt-key-0123456789abcdef0123456789';
const ABUSE_KEY = 'abuseipdb-key-0123456789abcdef';
const TOR_EXIT = '185.220.101.4';
const EICAR_MD5 = '44d88612fea8a8f36de82e1278abb02f';

/** The enrichment section as the environment gives it, pointed at the stand-ins. */
function enrichmentEnv(env: Record<string, string>): Pick<IntegrationConfig, 'enrichment'> {
  return { enrichment: loadConfig(env).integrations.enrichment };
}

/**
 * skills/lookup-indicator on the shipped model, against VirusTotal and AbuseIPDB stand-ins on
 * 127.0.0.1: `vtip`, several indicators in one message, internal addresses, the cache, the rate
 * limit, roles and the audit trail.
 */
describe('skills/lookup-indicator', () => {
  let virustotal: VirusTotalStandIn;
  let abuseipdb: AbuseIpdbStandIn;
  let chat: LifecycleChat;

  beforeEach(async () => {
    virustotal = await startVirusTotalStandIn(VT_KEY);
    abuseipdb = await startAbuseIpdbStandIn(ABUSE_KEY);
    virustotal.objects.set(`ip_addresses/${TOR_EXIT}`, {
      last_analysis_stats: { malicious: 12, suspicious: 1, harmless: 60, undetected: 17 },
      as_owner: 'Tor Exit [Hosting](https://evil.example)',
      country: 'DE',
    });
    virustotal.objects.set(`files/${EICAR_MD5}`, {
      last_analysis_stats: { malicious: 60, suspicious: 0, harmless: 0, undetected: 5 },
    });
    abuseipdb.addresses.set(TOR_EXIT, {
      abuseConfidenceScore: 100,
      totalReports: 532,
      isp: 'Tor Project',
      usageType: 'Reserved',
    });
  });
  afterEach(async () => {
    await chat?.dispose();
    await virustotal.close();
    await abuseipdb.close();
  });

  async function startWith(extra: Record<string, string> = {}): Promise<void> {
    chat = await startLifecycleChat({
      integrations: enrichmentEnv({
        VIRUSTOTAL_API_KEY: VT_KEY,
        VIRUSTOTAL_URL: `${virustotal.url}/api/v3`,
        VIRUSTOTAL_RATE_PER_MINUTE: '100',
        ABUSEIPDB_API_KEY: ABUSE_KEY,
        ABUSEIPDB_URL: abuseipdb.url,
        ...extra,
      }),
    });
  }

  it('"vtip 185.220.101[.]4" answers at once with one card: defanged, each source\'s verdict, what is not configured', async () => {
    await startWith();
    const answer = await chat.say('vtip 185.220.101[.]4', ANA);
    expect(answer).toContain('185\\[.\\]220\\[.\\]101\\[.\\]4** (IP address)');
    expect(answer).toMatch(/- VirusTotal: malicious \(.*12.*\)/);
    expect(answer).toMatch(/- AbuseIPDB: malicious \(Abuse confidence: 100%/);
    // A service's words are text: its markdown never becomes a link.
    expect(answer).toContain('Tor Exit \\[Hosting\\]\\(https://evil.example\\)');
    expect(answer).toContain('Not configured here: GreyNoise, Shodan, MISP.');
    expect(answer).not.toMatch(/Say "yes"|confirm/i);
    expect(chat.memoryOf(ANA).form).toBeUndefined();
    // Who looked up what is on record.
    const asked = chat.audited.find((entry) => entry.action === 'confirmation');
    expect(asked?.details).toMatchObject({ skill: 'lookup-indicator', slots: { indicators: TOR_EXIT } });
  });

  it('takes every indicator of a pasted block, each with its own card; "no data" is never "clean"', async () => {
    await startWith();
    const answer = await chat.say(
      `check these: ${TOR_EXIT}, evil[.]example[.]com and ${EICAR_MD5.toUpperCase()}`,
      ANA,
    );
    expect(answer).toContain('(IP address)');
    expect(answer).toContain('evil\\[.\\]example\\[.\\]com** (domain)');
    expect(answer).toContain(`**${EICAR_MD5}** (file hash)`);
    expect(answer).toMatch(/evil.*\(domain\): No data[^\n]*not the same as clean\.\n- VirusTotal: no data\n/);
    expect(answer).not.toMatch(/VirusTotal: (clean|harmless)/);
    expect(virustotal.requests.map((request) => request.url.pathname).sort()).toEqual([
      '/api/v3/domains/evil.example.com',
      `/api/v3/files/${EICAR_MD5}`,
      `/api/v3/ip_addresses/${TOR_EXIT}`,
    ]);
  });

  it('an internal address is said to be one and never sent to an internet source', async () => {
    await startWith();
    const answer = await chat.say('vtip 10.1.2[.]3', ANA);
    expect(answer).toContain('internal address (private range)');
    expect(virustotal.requests).toHaveLength(0);
    expect(abuseipdb.requests).toHaveLength(0);
  });

  it('a URL on an internal address is never sent out either', async () => {
    await startWith();
    const answer = await chat.say('vt hxxp://10.0.0[.]5/admin', ANA);
    expect(answer).toContain('URL on an internal address (private range)');
    expect(virustotal.requests).toHaveLength(0);
  });

  it('a pasted block of twelve takes the first ten and says what it left out', async () => {
    await startWith();
    const ips = Array.from({ length: 12 }, (_, i) => `185.220.101.${i + 10}`);
    const answer = await chat.say(`check ${ips.join(' ')}`, ANA);
    expect(answer.match(/\(IP address\)/g)).toHaveLength(10);
    expect(answer).toContain('I looked up the first 10; 2 more were left out. Send them in another message.');
    expect(virustotal.requests).toHaveLength(10);
    expect(answer).not.toContain('185\\[.\\]220\\[.\\]101\\[.\\]21**');
  });

  it('five analysts asking about one IP within the hour cost one call per source', async () => {
    await startWith();
    for (const who of [ANA, LEA, ANA, LEA, ANA]) {
      expect(await chat.say(`is ${TOR_EXIT} known bad?`, who)).toContain('VirusTotal: malicious');
    }
    expect(virustotal.requests).toHaveLength(1);
    expect(abuseipdb.requests).toHaveLength(1);
  });

  it("VirusTotal's quota spent: the card says it is rate-limiting us and the late answer is queued for this conversation", async () => {
    await startWith({ VIRUSTOTAL_RATE_PER_MINUTE: '1' });
    await chat.say(`vtip ${TOR_EXIT}`, ANA);
    const answer = await chat.say('vtip 8.8.8.8', ANA);
    expect(answer).toMatch(
      /- VirusTotal: is rate-limiting us; I'll post its answer here when it comes \(in about \d+ seconds\)/,
    );
    expect(virustotal.requests).toHaveLength(1);
    const late = (await chat.app.outbox.list()).filter((job) => job.type === 'enrich.late');
    expect(late).toHaveLength(1);
    expect(late[0]?.payload).toMatchObject({
      indicator: { kind: 'ip', value: '8.8.8.8' },
      sources: ['virustotal'],
      conversationKey: ANA.conversationKey,
    });
    expect(Date.parse(late[0]?.notBefore ?? '')).toBeGreaterThan(Date.now());
  });

  it("in an incident room the look-up attaches to the incident: the incident's timeline finds it", async () => {
    await startWith();
    const alert = await chat.register();
    await chat.app.rooms.open(alert.ref, { id: ANA.actor.id, name: 'Ana' });
    await chat.app.rooms.setWebChat(alert.ref, 'dl_room1');
    const inRoom = {
      ...ANA,
      conversationId: 'dl_room1',
      conversationKey: webChatConversationKey('dl_room1'),
    };
    expect(await chat.say(`vtip ${TOR_EXIT}`, inRoom)).toContain('- VirusTotal: malicious');
    const result = chat.audited.find(
      (entry) => entry.action === 'result' && entry.details?.skill === 'lookup-indicator',
    );
    expect(result?.alertRef).toBe(alert.ref);
    // Outside the room the same look-up belongs to no incident.
    await chat.say(`vtip ${TOR_EXIT}`, LEA);
    const outside = chat.audited.filter(
      (entry) => entry.action === 'result' && entry.details?.skill === 'lookup-indicator',
    );
    expect(outside.at(-1)?.alertRef).toBeUndefined();
  });

  it('someone without a role is told why before any question, and nothing is looked up', async () => {
    await startWith();
    const answer = await chat.say(`vtip ${TOR_EXIT}`, EVE);
    expect(answer).toContain("I can't look up an indicator for you");
    expect(virustotal.requests).toHaveLength(0);
  });

  it('asks "Which indicator?" when none is given and takes a defanged answer', async () => {
    await startWith();
    expect(await chat.say('vtip', ANA)).toContain('Which indicator?');
    expect(await chat.say('hxxps://evil[.]example[.]com/login', ANA)).toContain(
      'hxxps://evil\\[.\\]example\\[.\\]com/login** (URL)',
    );
    const [request] = virustotal.requests;
    expect(request?.url.pathname).toBe(
      `/api/v3/urls/${Buffer.from('https://evil.example.com/login').toString('base64url')}`,
    );
  });

  it('with no source configured, nothing is sent anywhere and the card says which variable to set', async () => {
    chat = await startLifecycleChat();
    const answer = await chat.say(`vtip ${TOR_EXIT}`, ANA);
    expect(answer).toContain('no threat-intelligence source is configured here');
    expect(answer).toContain('VIRUSTOTAL_API_KEY');
    expect(virustotal.requests).toHaveLength(0);
  });
});
