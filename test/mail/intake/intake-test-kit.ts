import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Dovecot } from '../../helpers/dovecot';
import type { IncomingMail, ParsedMail } from '../../../src/mail/mail-message';

/** A raw mail as a sender would write it. */
export function rawMail(options: { subject: string; messageId?: string; from?: string | null }): string {
  const headers = [
    options.from === null ? '' : `From: ${options.from ?? 'Jane Doe <jane@corp.example>'}\r\n`,
    'To: soc@corp.example\r\n',
    `Subject: ${options.subject}\r\n`,
    options.messageId ? `Message-ID: ${options.messageId}\r\n` : '',
    'Date: Sun, 06 Dec 2026 10:00:00 +0000\r\n',
    'Content-Type: text/plain; charset=utf-8\r\n',
  ];
  return `${headers.join('')}\r\nPlease have a look at this.\r\n`;
}

/** A client of the test user, for a test that plays the sender or looks at the mailbox. */
export async function testClient(dovecot: Dovecot): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Delivers mails into a folder (created when missing), as the mail server would. */
export async function deliver(dovecot: Dovecot, folder: string, ...mails: string[]): Promise<void> {
  const client = await testClient(dovecot);
  try {
    await client.mailboxCreate(folder);
    for (const mail of mails) await client.append(folder, mail);
  } finally {
    await client.logout();
  }
}

/** The mails in a folder: subject and flags, by UID order; none while the folder does not exist. */
export async function mailsIn(
  dovecot: Dovecot,
  folder: string,
): Promise<Array<{ uid: number; subject: string; flags: string[] }>> {
  const client = await testClient(dovecot);
  try {
    const box = await client.mailboxOpen(folder).catch(() => undefined);
    if (!box || box.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, envelope: true, flags: true });
    return messages
      .map((m) => ({ uid: m.uid, subject: m.envelope?.subject ?? '', flags: [...(m.flags ?? [])].sort() }))
      .sort((a, b) => a.uid - b.uid);
  } finally {
    await client.logout();
  }
}

/**
 * The tests' stand-in for src/mail/parse/ (being built apart): mailparser's reading of the mail,
 * refusing one without a From header as unreadable (the real parser refuses what it cannot read).
 */
export async function testParse(raw: Buffer): Promise<ParsedMail> {
  const parsed = await simpleParser(raw);
  if (!parsed.from) throw new Error('no From header');
  return {
    from: parsed.from.text,
    fromAddress: (parsed.from.value[0]?.address ?? '').toLowerCase(),
    subject: parsed.subject ?? '',
    ...(parsed.date ? { date: parsed.date.toISOString() } : {}),
    text: parsed.text ?? '',
    messageId: parsed.messageId ?? '<no-id@socbot.invalid>',
    attachments: [],
  };
}

/** A handler that keeps what it was handed; `fail` decides per mail whether it throws. */
export function recordingHandler(fail: (mail: IncomingMail, call: number) => boolean = () => false) {
  const handed: IncomingMail[] = [];
  let calls = 0;
  return {
    handed,
    subjects: () => handed.map((mail) => mail.subject),
    handle: async (mail: IncomingMail): Promise<void> => {
      calls += 1;
      if (fail(mail, calls))
        throw Object.assign(new Error('the ticket system is down'), { code: 'INTEGRATION_FAILED' });
      handed.push(mail);
    },
  };
}

/** Polls until `check` is true; fails with `what` past the deadline. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  deadlineMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${deadlineMs} ms waiting for: ${what}`);
}
