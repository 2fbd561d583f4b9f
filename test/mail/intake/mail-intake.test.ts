import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startDovecot, type Dovecot } from '../../helpers/dovecot';
import { createCapturedLogger } from '../../helpers/captured-logger';
import {
  startMailIntake,
  type MailIntake,
  type MailIntakeOptions,
} from '../../../src/mail/intake/mail-intake';
import { FAILED_KEYWORD, MAIL_UNREADABLE, PROCESSED_KEYWORD } from '../../../src/mail/intake/mail-pass';
import { PROCESSED_MAIL_FILE_NAME } from '../../../src/mail/intake/processed-mail-log';
import type { MailboxSettings } from '../../../src/mail/mail-settings';
import { deliver, mailsIn, rawMail, recordingHandler, testParse, waitFor } from './intake-test-kit';

/** The intake against a real dovecot on 127.0.0.1 (test/helpers/dovecot.ts). */
describe('mail intake', () => {
  let dovecot: Dovecot;
  let dataDir: string;
  let folderCount = 0;
  let folder: string;
  const running: MailIntake[] = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-mail-intake-'));
    // Each test reads a folder of its own.
    folderCount += 1;
    folder = `Test${folderCount}`;
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((intake) => intake.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  function settings(overrides: Partial<MailboxSettings> = {}): MailboxSettings {
    return {
      url: dovecot.url(folder),
      password: dovecot.password,
      pollSeconds: 60,
      idle: true,
      processed: 'flag',
      processedFolder: 'socbot-processed',
      ...overrides,
    };
  }

  function start(options: Partial<MailIntakeOptions> & Pick<MailIntakeOptions, 'handle'>): MailIntake {
    const intake = startMailIntake({
      settings: settings(),
      dataDir,
      logger: createCapturedLogger('silent').logger,
      parse: testParse,
      reconnect: { minMs: 20, maxMs: 200 },
      ...options,
    });
    running.push(intake);
    return intake;
  }

  async function processedLines(): Promise<Array<Record<string, unknown>>> {
    const text = await readFile(path.join(dataDir, PROCESSED_MAIL_FILE_NAME), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('hands each new mail over once, records it, flags it, and hands nothing twice after a restart', async () => {
    await deliver(dovecot, folder, rawMail({ subject: 'first', messageId: '<m1@corp.example>' }));
    const handler = recordingHandler();
    const intake = start({ handle: handler.handle });
    await waitFor('the first mail recorded', () => intake.status().processed === 1);
    expect(handler.handed).toHaveLength(1);
    expect(intake.status()).toMatchObject({
      state: 'connected',
      processed: 1,
      mailbox: `soc@127.0.0.1/${folder}`,
    });
    const [mail] = handler.handed;
    expect(mail).toMatchObject({
      subject: 'first',
      messageId: '<m1@corp.example>',
      mailbox: `soc@127.0.0.1/${folder}`,
      uid: 1,
    });
    expect(mail?.uidValidity).toMatch(/^\d+$/);
    await waitFor(
      'the flag',
      async () => (await mailsIn(dovecot, folder))[0]?.flags.includes(PROCESSED_KEYWORD) === true,
    );
    // The mail stays unread for the people who read the shared mailbox too.
    expect((await mailsIn(dovecot, folder))[0]?.flags).not.toContain('\\Seen');
    expect(await processedLines()).toEqual([
      expect.objectContaining({ uid: 1, messageId: '<m1@corp.example>', outcome: 'processed' }),
    ]);

    // A new mail while connected arrives by IDLE (the poll is a minute away).
    await deliver(dovecot, folder, rawMail({ subject: 'second', messageId: '<m2@corp.example>' }));
    await waitFor('the second mail by IDLE', () => handler.handed.length === 2, 5000);

    // A restart: a new intake (a new IMAP connection) on the same data directory.
    await intake.stop();
    const again = recordingHandler();
    const restarted = start({ handle: again.handle });
    await deliver(dovecot, folder, rawMail({ subject: 'third', messageId: '<m3@corp.example>' }));
    await waitFor('the third mail recorded', () => restarted.status().processed === 1);
    expect(again.subjects()).toEqual(['third']);
    expect(handler.subjects()).toEqual(['first', 'second']);
  });

  it('reads by polling when IDLE is off', async () => {
    const handler = recordingHandler();
    start({ handle: handler.handle, settings: settings({ idle: false }), pollMs: 200 });
    await deliver(dovecot, folder, rawMail({ subject: 'polled', messageId: '<p1@corp.example>' }));
    await waitFor('the polled mail', () => handler.handed.length === 1);
  });

  it('does not hand over a mail recorded before a crash, and flags it then', async () => {
    await deliver(dovecot, folder, rawMail({ subject: 'recorded', messageId: '<r1@corp.example>' }));
    // A crash after the record and before the flag: the log knows the mail, the server does not.
    const probe = recordingHandler();
    const first = start({ handle: probe.handle });
    await waitFor('the mail', () => probe.handed.length === 1);
    await first.stop();
    const lines = await processedLines();
    const uidValidity = String(lines[0]?.uidValidity);
    await deliver(dovecot, folder, rawMail({ subject: 'copy', messageId: '<r1@corp.example>' }));
    await writeFile(
      path.join(dataDir, PROCESSED_MAIL_FILE_NAME),
      `${JSON.stringify({ mailbox: `soc@127.0.0.1/${folder}`, uidValidity, uid: 3, messageId: '<x@corp.example>', outcome: 'processed', at: new Date().toISOString() })}\n`,
      { flag: 'a' },
    );
    await deliver(dovecot, folder, rawMail({ subject: 'recorded by uid', messageId: '<r3@corp.example>' }));

    const handler = recordingHandler();
    start({ handle: handler.handle });
    await waitFor('both flagged', async () =>
      (await mailsIn(dovecot, folder)).every((mail) => mail.flags.includes(PROCESSED_KEYWORD)),
    );
    // UID 2 is the first mail again under a new UID (same Message-ID); UID 3 is recorded by UID.
    expect(handler.handed).toEqual([]);
  });

  it('moves processed mail to MAIL_PROCESSED_FOLDER, creating it', async () => {
    const target = `${folder}-done`;
    await deliver(dovecot, folder, rawMail({ subject: 'to move', messageId: '<mv1@corp.example>' }));
    const handler = recordingHandler();
    start({ handle: handler.handle, settings: settings({ processed: 'move', processedFolder: target }) });
    await waitFor('the mail moved', async () => (await mailsIn(dovecot, target)).length === 1);
    expect(await mailsIn(dovecot, folder)).toEqual([]);
    expect((await mailsIn(dovecot, target))[0]).toMatchObject({ subject: 'to move' });
    expect(handler.subjects()).toEqual(['to move']);
  });

  it('retries a mail whose handler fails at the next pass, gives it up after the attempts, and goes on with the others', async () => {
    await deliver(
      dovecot,
      folder,
      rawMail({ subject: 'always fails', messageId: '<f1@corp.example>' }),
      rawMail({ subject: 'fails once', messageId: '<f2@corp.example>' }),
      rawMail({ subject: 'fine', messageId: '<f3@corp.example>' }),
    );
    const attempts = new Map<string, number>();
    const handler = recordingHandler((mail) => {
      const n = (attempts.get(mail.subject) ?? 0) + 1;
      attempts.set(mail.subject, n);
      return mail.subject === 'always fails' || (mail.subject === 'fails once' && n === 1);
    });
    const intake = start({ handle: handler.handle, maxAttempts: 3, pollMs: 100 });
    await waitFor(
      'the failing mail given up',
      async () => (await mailsIn(dovecot, folder))[0]?.flags.includes(FAILED_KEYWORD) === true,
    );
    await waitFor('the others handed over', () => handler.handed.length === 2);
    expect(handler.subjects()).toEqual(['fine', 'fails once']);
    expect(attempts.get('always fails')).toBe(3);
    expect(intake.status().failed).toBe(1);
    expect(await processedLines()).toContainEqual(
      expect.objectContaining({
        messageId: '<f1@corp.example>',
        outcome: 'failed',
        code: 'INTEGRATION_FAILED',
      }),
    );
    // Given up means given up: more passes do not try it again.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(attempts.get('always fails')).toBe(3);
  });

  it('gives up a mail it cannot parse at once (MAIL_UNREADABLE) and never hands it over', async () => {
    await deliver(
      dovecot,
      folder,
      rawMail({ subject: 'no sender', messageId: '<u1@corp.example>', from: null }),
      rawMail({ subject: 'readable', messageId: '<u2@corp.example>' }),
    );
    const handler = recordingHandler();
    const intake = start({ handle: handler.handle });
    await waitFor('the readable mail', () => handler.handed.length === 1);
    await waitFor(
      'the unreadable one flagged',
      async () => (await mailsIn(dovecot, folder))[0]?.flags.includes(FAILED_KEYWORD) === true,
    );
    expect(handler.subjects()).toEqual(['readable']);
    expect(intake.status().failed).toBe(1);
    expect(await processedLines()).toContainEqual(
      expect.objectContaining({ uid: 1, outcome: 'failed', code: MAIL_UNREADABLE }),
    );
  });

  it('says down with a clear reason on a wrong password, keeps retrying, and never logs the password', async () => {
    const captured = createCapturedLogger('debug', []);
    const wrong = 'not-the-password-4711';
    const intake = start({
      handle: recordingHandler().handle,
      settings: settings({ password: wrong }),
      logger: captured.logger,
    });
    await waitFor('down', () => intake.status().state === 'down');
    expect(intake.status().lastError).toMatch(/refused the login.*MAIL_IMAP_PASSWORD/);
    // dovecot answers a failed login after a delay (auth_failure_delay, 2 s): two retries are enough.
    await waitFor('retries', () => captured.text().split('mailbox down, retrying').length > 2, 15_000);
    expect(captured.text()).not.toContain(wrong);
    expect(JSON.stringify(intake.status())).not.toContain(wrong);
  });

  it('reconnects with backoff after the server went away and takes the mail that came meanwhile, once', async () => {
    await deliver(dovecot, folder, rawMail({ subject: 'before', messageId: '<d1@corp.example>' }));
    const handler = recordingHandler();
    const intake = start({ handle: handler.handle, reconnect: { minMs: 100, maxMs: 400 } });
    await waitFor('the first mail recorded', () => intake.status().processed === 1);
    await dovecot.halt();
    // dovecot's imap process closes an IDLE connection some seconds after its master stopped.
    await waitFor('down', () => intake.status().state === 'down', 25_000);
    expect(intake.status().lastError).toBeDefined();
    await dovecot.start();
    await deliver(dovecot, folder, rawMail({ subject: 'meanwhile', messageId: '<d2@corp.example>' }));
    await waitFor('the mail that came meanwhile', () => handler.handed.length === 2, 15_000);
    await waitFor('connected again', () => intake.status().state === 'connected');
    expect(handler.subjects()).toEqual(['before', 'meanwhile']);
  }, 60_000);

  it('stops at once even while a server that never greets holds the connect', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const intake = start({
        handle: recordingHandler().handle,
        settings: settings({ url: `imap://soc@127.0.0.1:${port}/INBOX` }),
      });
      await waitFor('the connection taken', () => sockets.length === 1);
      expect(intake.status().state).toBe('connecting');
      const began = Date.now();
      await intake.stop();
      expect(Date.now() - began).toBeLessThan(5000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
