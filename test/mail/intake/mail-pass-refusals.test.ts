import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { runMailPass, type MailPassDeps } from '../../../src/mail/intake/mail-pass';
import { parseMailboxUrl } from '../../../src/mail/intake/mailbox-url';
import { ProcessedMailLog } from '../../../src/mail/intake/processed-mail-log';
import type { IncomingMail } from '../../../src/mail/mail-message';
import { MAX_RAW_MAIL_BYTES } from '../../../src/mail/parse/mail-limits';
import { parseMail } from '../../../src/mail/parse/parse-mail';
import { createCapturedLogger } from '../../helpers/captured-logger';

/**
 * What the real dovecot in mail-intake.test.ts cannot be made to do cheaply: a mail over the size
 * bound, and a server that refuses the move to MAIL_PROCESSED_FOLDER. A stand-in of the few
 * imapflow calls one pass makes (search, fetchAll, fetchOne, messageFlagsAdd, mailboxCreate,
 * messageMove), answering as imapflow does.
 */
interface StandInMessage {
  uid: number;
  size: number;
  source: Buffer;
}

function imapStandIn(messages: StandInMessage[], refuseMove: boolean) {
  const calls: string[] = [];
  const client = {
    search: async () => messages.map((m) => m.uid),
    fetchAll: async () =>
      messages.map((m) => ({ uid: m.uid, size: m.size, flags: new Set<string>(), envelope: {} })),
    fetchOne: async (uid: string) => {
      calls.push(`fetch source ${uid}`);
      return { source: messages.find((m) => String(m.uid) === uid)?.source };
    },
    messageFlagsAdd: async (uid: string, flags: string[]) => {
      calls.push(`flag ${uid} ${flags.join(' ')}`);
      return true;
    },
    mailboxCreate: async () => ({ created: false }),
    messageMove: async (uid: string) => {
      calls.push(`move ${uid}`);
      if (refuseMove) throw new Error('NO [NOPERM] Permission denied');
      return true;
    },
  };
  return { client: client as unknown as ImapFlow, calls };
}

const raw = (id: string): Buffer =>
  Buffer.from(
    `From: a@corp.example\r\nSubject: s ${id}\r\nMessage-ID: <${id}@corp.example>\r\n\r\nbody ${id}\r\n`,
  );

describe('one pass over the mailbox, when the server or the mail is difficult', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-mail-pass-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const depsFor = async (client: ImapFlow, processed: 'flag' | 'move', handled: IncomingMail[]) => {
    const captured = createCapturedLogger('info');
    const deps: MailPassDeps = {
      client,
      address: parseMailboxUrl('imap://soc@127.0.0.1:1143/INBOX'),
      uidValidity: '7',
      log: await ProcessedMailLog.open(dataDir),
      handle: async (mail) => {
        handled.push(mail);
      },
      parse: parseMail,
      processed,
      processedFolder: 'socbot-processed',
      attempts: new Map(),
      maxAttempts: 5,
      logger: captured.logger,
      onProcessed: () => {},
      stopping: () => false,
    };
    return { deps, captured };
  };

  it('gives a mail over the size bound up as MAIL_TOO_LARGE without fetching its bytes, and goes on', async () => {
    const { client, calls } = imapStandIn(
      [
        { uid: 1, size: MAX_RAW_MAIL_BYTES + 1, source: raw('big') },
        { uid: 2, size: 200, source: raw('small') },
      ],
      false,
    );
    const handled: IncomingMail[] = [];
    const { deps } = await depsFor(client, 'flag', handled);
    await runMailPass(deps);
    expect(calls).not.toContain('fetch source 1');
    expect(calls).toContain('flag 1 $socbot-failed');
    expect(
      deps.log.find({ mailbox: deps.address.name, uidValidity: '7', uid: 1, messageId: '' }),
    ).toMatchObject({
      outcome: 'failed',
      code: 'MAIL_TOO_LARGE',
    });
    expect(handled.map((mail) => mail.messageId)).toEqual(['<small@corp.example>']);
  });

  it('records a mail it could not move, says what to check, and still hands over the next one', async () => {
    const { client, calls } = imapStandIn(
      [
        { uid: 1, size: 200, source: raw('one') },
        { uid: 2, size: 200, source: raw('two') },
      ],
      true,
    );
    const handled: IncomingMail[] = [];
    const { deps, captured } = await depsFor(client, 'move', handled);
    await runMailPass(deps);
    expect(handled.map((mail) => mail.messageId)).toEqual(['<one@corp.example>', '<two@corp.example>']);
    expect(calls.filter((call) => call.startsWith('move'))).toEqual(['move 1', 'move 2']);
    expect(captured.text()).toContain('MAIL_PROCESSED_FOLDER');
    // Recorded: a second pass hands neither over again.
    await runMailPass(deps);
    expect(handled).toHaveLength(2);
  });
});
