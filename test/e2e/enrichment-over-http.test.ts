import { rm } from 'node:fs/promises';
import path from 'node:path';
import { signWebhook } from '../../src/integrations/webhook-signature';
import { chatOverHttp, startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest } from '../helpers/http-request';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import {
  startVirusTotalStandIn,
  type VirusTotalStandIn,
} from '../integrations/stand-ins/virustotal-stand-in';
import { trainProjectModel } from './helpers/trained-model';

const ANA = { id: 'ana-29', name: 'Ana' };
const LEA = { id: 'lea-29', name: 'Lea' };
const SIEM_SECRET = 'siem-secret-0123456789abcdef';
const SN_PASSWORD = 'servicenow-secret-0123456789';
const VT_KEY = 'vt-key-0123456789abcdef0123456789';
const TOR_EXIT = '185.220.101.4';

/**
 * Indicator enrichment over HTTP against VirusTotal, ServiceNow and Bot Framework connector
 * stand-ins on 127.0.0.1: `vtip` in a Teams conversation, a late answer after a 429, and a SIEM
 * alert's IP enriched onto the alert, its ticket and the SOC channel.
 */
describe('indicator enrichment over HTTP', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let servicenow: ServiceNowStandIn;
  let virustotal: VirusTotalStandIn;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    connector = await startConnectorStandIn();
    servicenow = await startServiceNowStandIn('socbot', SN_PASSWORD);
    virustotal = await startVirusTotalStandIn(VT_KEY);
    virustotal.objects.set(`ip_addresses/${TOR_EXIT}`, {
      last_analysis_stats: { malicious: 12, suspicious: 1, harmless: 60, undetected: 17 },
      as_owner: 'Tor exit relay',
      country: 'DE',
    });
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      env: {
        SOCBOT_ROLES: 'analyst:ana-29;lead:lea-29',
        SIEM_WEBHOOK_SECRET: SIEM_SECRET,
        TICKETING: 'servicenow',
        SERVICENOW_URL: servicenow.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD: SN_PASSWORD,
        VIRUSTOTAL_API_KEY: VT_KEY,
        VIRUSTOTAL_URL: `${virustotal.url}/api/v3`,
      },
    });
  });
  afterAll(async () => {
    await socbot.server.stop();
    await virustotal.close();
    await servicenow.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('"vtip" in a Teams conversation answers with the card, and the API key never reaches the log', async () => {
    const conversation = chatOverHttp(connector, 'conv-vtip');
    const answer = await conversation.say(
      socbot.server,
      ANA,
      `vtip ${TOR_EXIT.replace(/\.(\d+)$/, '[.]$1')}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('(IP address): Malicious according to VirusTotal.');
    expect(answer.text).toContain('- VirusTotal: malicious (Engines: 12 malicious');
    expect(virustotal.requests.at(-1)?.headers['x-apikey']).toBe(VT_KEY);
    expect(socbot.logText()).not.toContain(VT_KEY);
  });

  it('a 429 from VirusTotal: the card says so, and the answer follows in the same conversation when the wait is over', async () => {
    virustotal.objects.set('ip_addresses/45.155.205.233', {
      last_analysis_stats: { malicious: 7, suspicious: 0, harmless: 50, undetected: 30 },
    });
    virustotal.script({
      when: (request) => request.url.pathname.endsWith('/45.155.205.233'),
      answer: {
        status: 429,
        headers: { 'Retry-After': '1' },
        body: { error: { code: 'QuotaExceededError', message: 'Quota exceeded' } },
      },
    });
    const conversation = chatOverHttp(connector, 'conv-late');
    const answer = await conversation.say(socbot.server, ANA, 'is 45.155.205[.]233 known bad?');
    expect(answer.text).toContain(
      "- VirusTotal: is rate-limiting us; I'll post its answer here when it comes",
    );
    const late = await conversation.waitForMessage(/The answer you were waiting for/, 10_000);
    expect(late.text).toContain('- VirusTotal: malicious (Engines: 7 malicious');
    // Told once, though the outbox reports nothing else about the job to this conversation.
    expect(conversation.messages().filter((message) => /waiting for/.test(message.text ?? ''))).toHaveLength(
      1,
    );
  });

  it("a SIEM alert's IP is enriched: a note on the alert, a work note on its ticket, a message after the card", async () => {
    const socRoom = chatOverHttp(connector, 'conv-soc-enrich');
    await socRoom.say(socbot.server, LEA, 'register this channel for soc alerts');
    const body = JSON.stringify({
      alertId: '9101',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P3',
      ip: TOR_EXIT,
      source: 'splunk',
    });
    const res = await httpRequest(`${socbot.server.url}/api/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signWebhook(SIEM_SECRET, body) },
      body,
    });
    expect(res.status).toBe(202);
    const { ref } = res.json as { ref: string };

    const told = await socRoom.waitForMessage(new RegExp(`Threat intelligence on ${ref}:`));
    expect(told.text).toContain('Malicious according to VirusTotal.');
    const alert = await socbot.app.store.alerts.view(ref);
    expect(alert?.notes?.at(-1)).toMatchObject({
      text: `Threat intelligence on ${TOR_EXIT}: Malicious according to VirusTotal.`,
    });
    const deadline = Date.now() + 8000;
    const workNotes = (): string[] =>
      [...servicenow.journal.values()]
        .flat()
        .filter((entry) => entry.element === 'work_notes')
        .map((entry) => entry.value);
    while (
      !workNotes().some((note) => note.includes('Malicious according to VirusTotal')) &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workNotes().filter((note) => note.includes('Malicious according to VirusTotal'))).toHaveLength(1);
  });

  it('a SIEM alert from an internal address is not looked up anywhere', async () => {
    const before = virustotal.requests.length;
    const body = JSON.stringify({
      alertId: '9102',
      system: 'PRD',
      priority: 'P3',
      ip: '10.20.30.40',
      source: 'splunk',
    });
    const res = await httpRequest(`${socbot.server.url}/api/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signWebhook(SIEM_SECRET, body) },
      body,
    });
    expect(res.status).toBe(202);
    const jobs = await socbot.app.outbox.list();
    expect(jobs.filter((job) => job.type === 'enrich.alert').map((job) => job.payload)).not.toContainEqual(
      expect.objectContaining({ ip: '10.20.30.40' }),
    );
    expect(virustotal.requests.length).toBe(before);
  });
});
