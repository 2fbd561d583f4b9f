import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { SocbotApp } from '../../src/app/create-app';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { socbotServerOptions } from '../../src/cli/commands/serve';
import { defaultNluServices } from '../../src/cli/default-nlu-services';
import { loadConfig } from '../../src/config';
import { createMailClassifier } from '../../src/mail/classification/create-mail-classifier';
import { PROCESSED_KEYWORD } from '../../src/mail/intake/mail-pass';
import type { MailPredictionEntry } from '../../src/mail/mail-log-entry';
import { MailLog } from '../../src/store/mail-log';
import { chatOverHttp, FAST_SIDE_EFFECTS } from '../app/helpers/socbot-under-test';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { startDovecot, type Dovecot } from '../helpers/dovecot';
import { testConfig } from '../helpers/test-config';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import {
  startVirusTotalStandIn,
  type VirusTotalStandIn,
} from '../integrations/stand-ins/virustotal-stand-in';
import { deliver, mailsIn, waitFor } from '../mail/intake/intake-test-kit';
import { PROJECT_CORPUS, trainProjectModel } from './helpers/trained-model';

const LEA = { id: 'lea-17', name: 'Lea' };
const ANA = { id: 'ana-17', name: 'Maria' };
const SOC_CONVERSATION = 'conv-soc-mailbox';
const SN_PASSWORD = 'servicenow-secret-0123456789';
const VT_KEY = 'vt-key-0123456789abcdef0123456789';
/** The phishing mail's server: public, written defanged as a user forwards it. */
const PHISH_IP = '45.155.205.233';
const PRIVATE_IP = '10.0.0.5';
const TOR_EXIT = '185.220.101.4';
const PROCESSED_WITHIN_MS = 15_000;

/** A Gmail-style forward ("---------- Forwarded message ---------") of a phishing mail. */
const PHISHING = mail({
  messageId: '<CAFwdE2E01@mail.gmail.com>',
  from: 'Jane Doe <jane.doe@corp.example>',
  subject: 'Fwd: Your account has been suspended',
  body: [
    'Is this real? I did not click anything.',
    '',
    '---------- Forwarded message ---------',
    'From: PayPal Security <security@paypa1-alerts.example>',
    'Date: Thu, Dec 3, 2026 at 9:14 AM',
    'Subject: Your account has been suspended',
    'To: <jane.doe@corp.example>',
    '',
    '',
    'Dear customer,',
    '',
    'we noticed unusual activity and suspended your account. Verify your',
    'identity within 24 hours at hxxps://paypa1-alerts[.]example/verify or your',
    `account will be closed. Our server ${PHISH_IP.replace(/\.(\d+)$/, '[.]$1')} checks every login,`,
    `the old portal was http://${PRIVATE_IP}/admin.`,
    '',
    'PayPal Security Team',
  ],
});
const LOST_LAPTOP = mail({
  messageId: '<lost-e2e-1@corp.example>',
  from: 'Tom Field <tom@corp.example>',
  subject: 'Lost my laptop on the train',
  body: ['I left my laptop (asset tag LT-0815) on the 8:12 train this morning. Please lock it.'],
});
const ENRICHMENT_ASK = mail({
  messageId: '<ask-e2e-1@corp.example>',
  from: 'Olga Ops <olga@corp.example>',
  subject: 'Have you seen this IP?',
  body: [`have you seen this IP ${TOR_EXIT}? We see logins from it, is it known bad?`],
});

/**
 * The shared mailbox end to end (issue 17, "Shown by"): a real dovecot on 127.0.0.1, socbot's
 * server started as `serve` starts it with the mail classifier on the shipped mail corpus, and
 * stand-ins of ServiceNow, VirusTotal and the Bot Framework connector. Each mail is acted on
 * exactly once, across a restart of socbot and a restart of the IMAP server.
 */
describe('the shared mailbox through serve: real IMAP server, real mail model', () => {
  let dir: string;
  let modelPath: string;
  let dovecot: Dovecot;
  let connector: ConnectorStandIn;
  let servicenow: ServiceNowStandIn;
  let virustotal: VirusTotalStandIn;
  let server: RunningServer | undefined;
  let app: SocbotApp | undefined;
  let soc: ReturnType<typeof chatOverHttp>;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    modelPath = trained.modelPath;
    // The mail model is trained from the shipped corpus once, as `serve` does when it is missing.
    await createMailClassifier(mailEnvConfig().mail.classifier, () => undefined);
    dovecot = await startDovecot();
    connector = await startConnectorStandIn();
    servicenow = await startServiceNowStandIn('socbot', SN_PASSWORD);
    virustotal = await startVirusTotalStandIn(VT_KEY);
    virustotal.objects.set(`ip_addresses/${PHISH_IP}`, {
      last_analysis_stats: { malicious: 9, suspicious: 0, harmless: 60, undetected: 20 },
    });
    virustotal.objects.set(`ip_addresses/${TOR_EXIT}`, {
      last_analysis_stats: { malicious: 12, suspicious: 1, harmless: 60, undetected: 17 },
    });
    soc = chatOverHttp(connector, SOC_CONVERSATION);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await dovecot?.stop();
    await virustotal?.close();
    await servicenow?.close();
    await connector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The configuration as an operator writes it, read as `serve` reads it. */
  function mailEnvConfig() {
    const fromEnv = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOCBOT_SHUTDOWN_GRACE_MS: '2000',
      SOCBOT_ROLES: 'lead:lea-17;analyst:ana-17',
      TICKETING: 'servicenow',
      SERVICENOW_URL: servicenow?.url ?? 'http://127.0.0.1:9',
      SERVICENOW_USER: 'socbot',
      SERVICENOW_PASSWORD: SN_PASSWORD,
      VIRUSTOTAL_API_KEY: VT_KEY,
      VIRUSTOTAL_URL: `${virustotal?.url ?? 'http://127.0.0.1:9'}/api/v3`,
      MAIL_IMAP_URL: dovecot?.url('INBOX') ?? '',
      MAIL_IMAP_PASSWORD: dovecot?.password ?? '',
      MAIL_CORPUS: path.join(PROJECT_CORPUS, 'mail'),
      MAIL_MODEL: path.join(dir, 'models', 'mail.model.json'),
    });
    return testConfig({
      ...fromEnv,
      dataDir: path.join(dir, 'data'),
      modelPath,
      corpusPath: PROJECT_CORPUS,
    });
  }

  /** socbot's server exactly as `runServe` builds it with MAIL_IMAP_URL set, with test timing. */
  async function serve(): Promise<RunningServer> {
    const config = mailEnvConfig();
    const classifier = await createMailClassifier(config.mail.classifier, () => undefined);
    const started = await startServer(
      config,
      socbotServerOptions(defaultNluServices(), createCapturedLogger('silent').logger, {
        config,
        app: {
          ...FAST_SIDE_EFFECTS,
          mail: { handle: { classifier }, intake: { reconnect: { minMs: 50, maxMs: 200 } } },
        },
        onApp: (built) => (app = built),
      }),
    );
    server = started;
    return started;
  }

  function running(): RunningServer {
    if (!server) throw new Error('socbot is not running');
    return server;
  }
  async function predictionOf(messageId: string): Promise<MailPredictionEntry | undefined> {
    return new MailLog(path.join(dir, 'data')).predictionFor(messageId);
  }
  async function predictionsOf(messageId: string): Promise<number> {
    const { entries } = await new MailLog(path.join(dir, 'data')).read();
    return entries.filter((entry) => entry.kind === 'prediction' && entry.messageId === messageId).length;
  }
  const cardsOf = (ref: string) =>
    soc.messages().filter((message) => (message.text ?? '').startsWith(`${ref}: mail from`));
  const incidentsOf = (ref: string) =>
    servicenow.incidents.filter((incident) => JSON.stringify(incident).includes(ref));
  const vtAsked = () => virustotal.requests.map((request) => request.url.pathname);
  async function mailboxAlerts(): Promise<number> {
    return ((await app?.store.alerts.list()) ?? []).filter((alert) => alert.createdBy === 'mailbox').length;
  }

  /** Waits until the mail is registered, ticketed, carded and flagged; returns its alert's ref. */
  async function processed(messageId: string): Promise<string> {
    let ref = '';
    await waitFor(
      `${messageId} registered, ticketed and carded`,
      async () => {
        ref = (await predictionOf(messageId))?.ref ?? '';
        return ref !== '' && incidentsOf(ref).length > 0 && cardsOf(ref).length > 0;
      },
      PROCESSED_WITHIN_MS,
    );
    await waitFor(
      `${messageId} flagged ${PROCESSED_KEYWORD}`,
      async () => (await flagsOf(messageId)).includes(PROCESSED_KEYWORD),
      PROCESSED_WITHIN_MS,
    );
    return ref;
  }
  async function flagsOf(messageId: string): Promise<string[]> {
    const subject = [PHISHING, LOST_LAPTOP, ENRICHMENT_ASK].find(
      (one) => one.messageId === messageId,
    )?.subject;
    return (await mailsIn(dovecot, 'INBOX')).find((one) => one.subject === subject)?.flags ?? [];
  }
  /** Each mail still has one prediction, one alert, one ticket and one card. */
  async function expectOnceEach(refs: Record<string, string>): Promise<void> {
    for (const [messageId, ref] of Object.entries(refs)) {
      expect(await predictionsOf(messageId)).toBe(1);
      expect(incidentsOf(ref)).toHaveLength(1);
      expect(cardsOf(ref)).toHaveLength(1);
    }
    expect(await mailboxAlerts()).toBe(Object.keys(refs).length);
  }

  it('a forwarded phishing mail: alert, ticket, card with why, public indicator looked up, mail flagged', async () => {
    await serve();
    const registered = await soc.say(running(), LEA, 'register this channel for soc alerts');
    expect(registered.status).toBe(200);
    await deliver(dovecot, 'INBOX', PHISHING.raw);

    const ref = await processed(PHISHING.messageId);
    expect(await predictionOf(PHISHING.messageId)).toMatchObject({
      category: 'phishing',
      via: 'model',
      modelCategory: 'phishing',
      sender: 'security@paypa1-alerts.example',
      subject: 'Your account has been suspended',
    });
    expect(await app?.store.alerts.view(ref)).toMatchObject({
      createdBy: 'mailbox',
      title: 'Your account has been suspended',
    });
    const card = JSON.stringify(cardsOf(ref)[0]);
    expect(card).toContain('Your account has been suspended');
    expect(card).toMatch(/security@paypa1\\*-alerts/);
    expect(card).toContain('phishing');
    expect(card).toContain('Why?');
    // A real feature of the trained model, not a canned sentence.
    expect(card).toMatch(/mostly because of: \S+/);

    await soc.waitForMessage(new RegExp(`Threat intelligence on the mail ${ref}:`), PROCESSED_WITHIN_MS);
    expect(vtAsked()).toContain(`/api/v3/ip_addresses/${PHISH_IP}`);
    expect(vtAsked().join(' ')).not.toContain(PRIVATE_IP);
    await expectOnceEach({ [PHISHING.messageId]: ref });
  }, 30_000);

  it('exactly once across a restart of socbot: the first mail is not acted on again, a new one is', async () => {
    const first = (await predictionOf(PHISHING.messageId))?.ref ?? '';
    await server?.stop();
    server = undefined;
    await serve();
    await deliver(dovecot, 'INBOX', LOST_LAPTOP.raw);

    const second = await processed(LOST_LAPTOP.messageId);
    expect(await predictionOf(LOST_LAPTOP.messageId)).toMatchObject({ category: 'lost-device' });
    expect(await app?.store.alerts.view(second)).toMatchObject({ createdBy: 'mailbox', priority: 'P2' });
    // Time for a second, wrongful pass over the first mail to show itself.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expectOnceEach({ [PHISHING.messageId]: first, [LOST_LAPTOP.messageId]: second });
  }, 30_000);

  it('exactly once across a restart of the IMAP server: the intake reconnects and reads the new mail once', async () => {
    await dovecot.halt();
    await dovecot.start();
    await deliver(dovecot, 'INBOX', ENRICHMENT_ASK.raw);

    const third = await processed(ENRICHMENT_ASK.messageId);
    expect(await predictionOf(ENRICHMENT_ASK.messageId)).toMatchObject({ category: 'enrichment' });
    const told = await soc.waitForMessage(
      // The asker's name is the mail's words: escaped and defanged, never a link the bot posts.
      new RegExp(
        `Threat intelligence on the mail ${third} \\(asked by Olga Ops <olga@corp\\\\\\[\\.\\\\\\]example\\\\>\\)`,
      ),
      PROCESSED_WITHIN_MS,
    );
    expect(told.text).toContain('Malicious according to VirusTotal');
    expect(vtAsked()).toContain(`/api/v3/ip_addresses/${TOR_EXIT}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expectOnceEach({
      [PHISHING.messageId]: (await predictionOf(PHISHING.messageId))?.ref ?? '',
      [LOST_LAPTOP.messageId]: (await predictionOf(LOST_LAPTOP.messageId))?.ref ?? '',
      [ENRICHMENT_ASK.messageId]: third,
    });
    for (const one of await mailsIn(dovecot, 'INBOX')) expect(one.flags).toContain(PROCESSED_KEYWORD);
    // This server read two mails (the laptop, the ask) and came back after the IMAP server did.
    const health = (await (await fetch(`${running().url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      mailbox: { state: 'connected', processed: 2, failed: 0 },
    });
  }, 30_000);

  it('an analyst corrects a mail in chat: logged as a correction and noted on its ServiceNow incident', async () => {
    const ref = (await predictionOf(PHISHING.messageId))?.ref ?? '';
    const chat = chatOverHttp(connector, 'conv-mail-correction');
    const asked = await chat.say(running(), ANA, `${ref} was a lost device`);
    expect(asked.text).toContain(`Correct the category of the mail ${ref} to lost-device`);
    const answer = await chat.say(running(), ANA, 'yes');
    expect(answer.text).toContain(`${ref} is now lost-device`);

    const { entries } = await new MailLog(path.join(dir, 'data')).read();
    expect(entries.filter((entry) => entry.kind === 'correction' && entry.ref === ref)).toEqual([
      expect.objectContaining({ from: 'phishing', to: 'lost-device', source: 'chat' }),
    ]);
    const sysId = incidentsOf(ref)[0]?.sys_id ?? '';
    await waitFor(
      'the correction note on the incident',
      () =>
        (servicenow.journal.get(sysId) ?? []).some(
          (entry) =>
            entry.element === 'work_notes' &&
            entry.value.includes('Mail category corrected from phishing to lost-device by Maria'),
        ),
      PROCESSED_WITHIN_MS,
    );
  }, 30_000);
});

/** A raw mail as the mail server stores it (CRLF lines). */
function mail(options: { messageId: string; from: string; subject: string; body: string[] }) {
  const raw = [
    `Message-ID: ${options.messageId}`,
    'Date: Sun, 06 Dec 2026 08:02:11 +0100',
    `From: ${options.from}`,
    'To: soc@corp.example',
    `Subject: ${options.subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    ...options.body,
    '',
  ].join('\r\n');
  return { messageId: options.messageId, subject: options.subject, raw };
}
