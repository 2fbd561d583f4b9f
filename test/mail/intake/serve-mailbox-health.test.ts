import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../src/channels/start-server';
import { socbotServerOptions } from '../../../src/cli/commands/serve';
import type { MailWiring } from '../../../src/app/create-app';
import { loadMailSettings } from '../../../src/mail/mail-settings';
import { fakeNlu } from '../../cli/fake-nlu';
import { createCapturedLogger } from '../../helpers/captured-logger';
import { startDovecot, type Dovecot } from '../../helpers/dovecot';
import { testConfig } from '../../helpers/test-config';
import { deliver, rawMail, recordingHandler, testParse, waitFor } from './intake-test-kit';

const CORPUS = path.join(__dirname, '..', '..', '..', 'corpus');

/** `socbot serve` with a shared mailbox: the intake starts with the server and /healthz shows it. */
describe('serve with the shared mailbox', () => {
  const nlu = fakeNlu();
  let dovecot: Dovecot;
  let dir: string;
  let modelPath: string;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-serve-mailbox-'));
    await mkdir(path.join(dir, 'data'));
    modelPath = path.join(dir, 'model.json');
    await nlu.saveModel(await nlu.trainModel(nlu.loadCorpus(CORPUS, { strict: true })), modelPath);
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  function serve(env: NodeJS.ProcessEnv, mail?: MailWiring): Promise<RunningServer> {
    const config = testConfig({
      dataDir: path.join(dir, 'data'),
      modelPath,
      corpusPath: CORPUS,
      shutdownGraceMs: 2000,
      mail: loadMailSettings(env),
    });
    return startServer(
      config,
      socbotServerOptions(nlu, createCapturedLogger('silent').logger, {
        config,
        ...(mail ? { app: { mail } } : {}),
      }),
    );
  }

  async function health(): Promise<Record<string, unknown>> {
    const response = await fetch(`${server?.url ?? ''}/healthz`);
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  it('reads the mailbox while serving and shows it in /healthz', async () => {
    const handler = recordingHandler();
    server = await serve(
      { MAIL_IMAP_URL: dovecot.url('Serve1'), MAIL_IMAP_PASSWORD: dovecot.password },
      // The real parser (src/mail/parse/), as serve wires it by default.
      { handle: handler.handle },
    );
    await deliver(dovecot, 'Serve1', rawMail({ subject: 'phish?', messageId: '<s1@corp.example>' }));
    let report: Record<string, unknown> = {};
    await waitFor('the mail recorded', async () => {
      report = await health();
      return (report.mailbox as { processed?: number } | undefined)?.processed === 1;
    });
    expect(handler.handed).toEqual([
      expect.objectContaining({
        subject: 'phish?',
        fromAddress: 'jane@corp.example',
        messageId: '<s1@corp.example>',
        mailbox: 'soc@127.0.0.1/Serve1',
        uid: 1,
        text: expect.stringContaining('Please have a look'),
      }),
    ]);
    expect(report.status).toBe('ok');
    expect(report.mailbox).toMatchObject({
      mailbox: 'soc@127.0.0.1/Serve1',
      state: 'connected',
      processed: 1,
      failed: 0,
    });
  });

  it('stays up and says degraded with the reason while the login is refused', async () => {
    server = await serve(
      { MAIL_IMAP_URL: dovecot.url('Serve2'), MAIL_IMAP_PASSWORD: 'wrong-password' },
      {
        parse: testParse,
        handle: recordingHandler().handle,
        intake: { reconnect: { minMs: 50, maxMs: 200 } },
      },
    );
    // Between two retries it is `connecting` again: read the report of a moment it is down.
    let report: Record<string, unknown> = {};
    await waitFor('the mailbox down', async () => {
      report = await health();
      return report.status === 'degraded';
    });
    expect(report.mailbox).toMatchObject({
      state: 'down',
      lastError: expect.stringMatching(/refused the login/),
    });
    expect(report.reason).toMatch(/shared mailbox is down/);
    expect(JSON.stringify(report)).not.toContain('wrong-password');
  });

  it('changes nothing without MAIL_IMAP_URL', async () => {
    server = await serve({});
    const report = await health();
    expect(report.status).toBe('ok');
    expect(report).not.toHaveProperty('mailbox');
  });

  it('refuses to start on a bad MAIL_IMAP_URL, naming it', async () => {
    await expect(
      serve(
        { MAIL_IMAP_URL: 'pop3://soc@mail.corp.example' },
        { parse: testParse, handle: recordingHandler().handle },
      ),
    ).rejects.toThrow(/MAIL_IMAP_URL must start with imaps:\/\//);
  });
});
