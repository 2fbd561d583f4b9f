import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { auditFilePath } from '../../src/audit/audit-log';
import { startStandIn, type RecordedRequest, type StandIn } from '../integrations/stand-ins/stand-in-server';
import {
  chatOverHttp,
  fillAndConfirm,
  startSocbotUnderTest,
  type SocbotUnderTest,
} from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { trainProjectModel } from './helpers/trained-model';

const ANA = { id: 'ana-29', name: 'Ana' };
const USER = 'socbot';
// Characters that every encoding changes: space, slash, plus, quote, ampersand, non-ASCII.
const PASSWORD = 'Sn0w pass/w+rd&"ü-0123';

/** The credentials of a request, in every encoding a careless service has echoed them. */
function encodingsOf(password: string, user: string): Record<string, string> {
  const pair = `${user}:${password}`;
  return {
    literal: password,
    url: encodeURIComponent(password),
    form: new URLSearchParams({ p: password }).toString().slice(2),
    json: JSON.stringify(password).slice(1, -1),
    base64: Buffer.from(password).toString('base64'),
    base64url: Buffer.from(password).toString('base64url'),
    basic: Buffer.from(pair).toString('base64'),
    basicUrl: Buffer.from(pair).toString('base64url'),
    urlEncodedJson: encodeURIComponent(JSON.stringify({ user, password })),
  };
}

/** The password as the stand-in decodes it from the request's Basic header. */
function credentialsOf(request: RecordedRequest): { user: string; password: string } {
  const header = String(request.headers.authorization ?? '').replace(/^Basic /, '');
  const [user = '', ...rest] = Buffer.from(header, 'base64').toString('utf8').split(':');
  return { user, password: rest.join(':') };
}

/**
 * A ServiceNow stand-in that fails every call and quotes the request's credentials back in its
 * error body, in every encoding: first 500s (retried), then a 400 (given up at once).
 */
async function startEchoingServiceNow(): Promise<StandIn> {
  let calls = 0;
  return startStandIn((request) => {
    calls += 1;
    const { user, password } = credentialsOf(request);
    const status = calls <= 2 ? 500 : 400;
    return {
      status,
      body: { error: { message: 'Invalid credentials echo', detail: encodingsOf(password, user) } },
    };
  });
}

describe('a service that echoes the credentials back, in every encoding', () => {
  let dir: string;
  let modelPath: string;
  let connector: ConnectorStandIn;
  let servicenow: StandIn;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    ({ dir, modelPath } = await trainProjectModel());
    connector = await startConnectorStandIn();
    servicenow = await startEchoingServiceNow();
  });
  afterAll(async () => {
    await servicenow.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the secret reaches no log line, not outbox.json, not audit.jsonl, not the chat', async () => {
    const dataDir = path.join(dir, 'data-echo');
    socbot = await startSocbotUnderTest({
      dataDir,
      modelPath,
      env: {
        SOCBOT_ROLES: 'analyst:ana-29',
        TICKETING: 'servicenow',
        SERVICENOW_URL: servicenow.url,
        SERVICENOW_USER: USER,
        SERVICENOW_PASSWORD: PASSWORD,
        INTEGRATION_TIMEOUT_MS: '1000',
        LOG_LEVEL: 'debug',
      },
    });
    const chat = chatOverHttp(connector, 'conv-echo');
    try {
      await fillAndConfirm(chat, socbot.server, ANA, 'register alert 4711 on PRD', 'register-alert');
      // The third call answers 400: the job fails for good and the analyst is told.
      const told = await chat.waitForMessage(/could not create the ticket/);
      // What the analyst reads says what failed and what to do, not what the service said.
      expect(told.text).toMatch(/servicenow rejected the request \(400\)/);
      expect(told.text).not.toContain('Invalid credentials echo');
      expect(servicenow.requests.length).toBeGreaterThanOrEqual(3);
    } finally {
      await socbot.server.stop();
    }

    const places: Record<string, string> = {
      'the log': socbot.logText(),
      'outbox.json': await readFile(path.join(dataDir, 'outbox.json'), 'utf8'),
      'audit.jsonl': await readFile(auditFilePath(dataDir), 'utf8'),
      'the chat': JSON.stringify(chat.messages()),
    };
    // The service's words are kept for whoever fixes it, in the log only (scrubbed).
    expect(places['the log']).toContain('Invalid credentials echo');
    expect(places['the log']).toContain('[redacted]');
    const encodings = Object.entries(encodingsOf(PASSWORD, USER));
    const leaks: string[] = [];
    for (const [place, text] of Object.entries(places)) {
      // A JSON file holds the text JSON-escaped once more: look for both forms.
      const readable = `${text}\n${text.replace(/\\\\/g, '\\').replace(/\\"/g, '"')}`;
      for (const [encoding, value] of encodings)
        if (readable.includes(value)) leaks.push(`${encoding} in ${place}`);
    }
    expect(leaks).toEqual([]);
  });
});
