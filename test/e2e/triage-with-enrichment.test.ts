import { rm } from 'node:fs/promises';
import path from 'node:path';
import { signWebhook } from '../../src/integrations/webhook-signature';
import { startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';
import { httpRequest } from '../helpers/http-request';
import { completion, startOpenAiStandIn, triageJson } from '../integrations/stand-ins/openai-stand-in';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import { jsonBody, type StandIn } from '../integrations/stand-ins/stand-in-server';
import {
  startVirusTotalStandIn,
  type VirusTotalStandIn,
} from '../integrations/stand-ins/virustotal-stand-in';
import { trainProjectModel } from './helpers/trained-model';

const SIEM_SECRET = 'siem-secret-0123456789abcdef';
const LLM_KEY = 'sk-e2e-triage-enrich-0123456789';
const VT_KEY = 'vt-key-0123456789abcdef0123456789';
const SN_PASSWORD = 'servicenow-secret-0123456789';
const MODEL = 'gpt-4.1-mini';
const IP = '185.220.101.4';

/**
 * Issues 14 and 16 together, over HTTP against OpenAI-compatible, VirusTotal and ServiceNow
 * stand-ins: the model sees what VirusTotal says about the SIEM alert's IP (as data), and the
 * triage and the verdict both land on the alert's ticket as work notes, once each.
 */
describe('AI triage with the enrichment of the alert', () => {
  let dir: string;
  let llm: StandIn;
  let virustotal: VirusTotalStandIn;
  let servicenow: ServiceNowStandIn;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    llm = await startOpenAiStandIn({ apiKey: LLM_KEY, model: MODEL });
    virustotal = await startVirusTotalStandIn(VT_KEY);
    virustotal.objects.set(`ip_addresses/${IP}`, {
      last_analysis_stats: { malicious: 12, suspicious: 1, harmless: 60, undetected: 17 },
      as_owner: 'Tor exit relay',
    });
    servicenow = await startServiceNowStandIn('socbot', SN_PASSWORD);
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      env: {
        SIEM_WEBHOOK_SECRET: SIEM_SECRET,
        LLM_BASE_URL: `${llm.url}/v1`,
        LLM_API_KEY: LLM_KEY,
        LLM_MODEL: MODEL,
        LLM_TIMEOUT_MS: '5000',
        VIRUSTOTAL_API_KEY: VT_KEY,
        VIRUSTOTAL_URL: `${virustotal.url}/api/v3`,
        TICKETING: 'servicenow',
        SERVICENOW_URL: servicenow.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD: SN_PASSWORD,
      },
    });
  });
  afterAll(async () => {
    await socbot.server.stop();
    await servicenow.close();
    await virustotal.close();
    await llm.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("the model gets VirusTotal's verdict on the IP; triage and verdict go onto the ticket once each", async () => {
    llm.script({ answer: completion(triageJson({ summary: 'Tor exit node debugging PRD.' }), MODEL) });
    const body = JSON.stringify({
      alertId: '7101',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      ip: IP,
      source: 'sap-etd',
      title: 'Debugging in production',
    });
    const res = await httpRequest(`${socbot.server.url}/api/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signWebhook(SIEM_SECRET, body) },
      body,
    });
    expect(res.status).toBe(202);
    const { ref } = res.json as { ref: string };

    const jobs = (await socbot.app.outbox.list()).filter((job) => job.origin.alertRef === ref);
    for (const job of jobs) await socbot.app.outbox.waitFor(job.id, 8000);
    const triaged = (await socbot.app.outbox.list()).find((job) => job.type === 'triage.alert');
    expect(triaged?.status).toBe('succeeded');

    const messages = jsonBody(llm.requests[0]).messages as Array<{ role: string; content: string }>;
    expect(messages[1]?.content).toContain('Malicious according to VirusTotal.');
    // One VirusTotal call for the enrichment and the triage together: the answer is cached.
    expect(virustotal.requests).toHaveLength(1);

    const deadline = Date.now() + 8000;
    const workNotes = (): string[] =>
      [...servicenow.journal.values()]
        .flat()
        .filter((entry) => entry.element === 'work_notes')
        .map((entry) => entry.value);
    const landed = (): boolean =>
      workNotes().some((note) => note.includes('Tor exit node debugging PRD.')) &&
      workNotes().some((note) => note.includes('Malicious according to VirusTotal'));
    while (!landed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workNotes().filter((note) => note.includes('Tor exit node debugging PRD.'))).toHaveLength(1);
    expect(workNotes().filter((note) => note.includes('Malicious according to VirusTotal'))).toHaveLength(1);
  });
});
