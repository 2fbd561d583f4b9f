import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isSocbotError } from '../../../src/errors';
import { classifiedText } from '../../../src/mail/mail-message';
import { MAX_MAIL_TEXT_CHARS, MAX_RAW_MAIL_BYTES, TEXT_CUT_MARK } from '../../../src/mail/parse/mail-limits';
import { parseMail } from '../../../src/mail/parse/parse-mail';

const FIXTURES = path.join(__dirname, '../../fixtures/mail');
const fixture = (name: string): Promise<Buffer> => readFile(path.join(FIXTURES, name));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('parseMail', () => {
  it('reads a plain mail: Message-ID, sender shown and lower-cased, subject, ISO date, text', async () => {
    const mail = await parseMail(await fixture('plain.eml'));
    expect(mail.messageId).toBe('<plain-0001@mail.example.com>');
    // As a person reads it: mailparser would quote the display name.
    expect(mail.from).toBe('Jane Doe <Jane.Doe@Example.com>');
    expect(mail.fromAddress).toBe('jane.doe@example.com');
    expect(mail.subject).toBe('VPN login fails since this morning');
    expect(mail.date).toBe('2026-12-03T08:14:00.000Z');
    expect(mail.text).toMatch(/^Hi SOC team,\n\nsince this morning I cannot log in to the VPN\./);
    expect(mail.original).toBeUndefined();
    expect(mail.attachments).toEqual([]);
  });

  it('reduces an HTML-only mail to what a reader sees, link targets kept as text', async () => {
    const mail = await parseMail(await fixture('html-only-script-style-link.eml'));
    expect(mail.text).toContain('Click here [https://evil.example/login]');
    expect(mail.text).toContain('Your mailbox has reached 99% of its quota.');
    for (const unseen of [
      'document.location',
      'beacon',
      'font-family',
      'Mailbox notice',
      'hidden',
      'filter words',
      'pixel.gif',
      '<',
    ]) {
      expect(mail.text).not.toContain(unseen);
    }
  });

  it('takes the plain part of a multipart/alternative mail', async () => {
    const mail = await parseMail(await fixture('multipart-alternative.eml'));
    expect(mail.text).toBe('Patch report: 42 servers patched, 3 pending a reboot.');
  });

  it('unwraps a Gmail inline forward: the note stays outside, the phishing mail is the original', async () => {
    const mail = await parseMail(await fixture('forward-gmail-phishing.eml'));
    expect(mail.subject).toBe('Fwd: Your account has been suspended');
    expect(mail.text).toBe('Is this real? I did not click anything.');
    expect(mail.original).toEqual({
      from: 'PayPal Security <security@paypa1-alerts.example>',
      fromAddress: 'security@paypa1-alerts.example',
      subject: 'Your account has been suspended',
      date: '2026-12-03T09:14:00.000Z',
      text: expect.stringMatching(
        /^Dear customer,[\s\S]*hxxps:\/\/paypa1-alerts\[\.\]example\/verify[\s\S]*PayPal Security Team$/,
      ),
    });
    expect(classifiedText(mail.original ?? mail)).toMatch(/^Your account has been suspended\nDear customer,/);
  });

  it('unwraps a Gmail forward of an HTML-only mail, hidden text and styles left out', async () => {
    const mail = await parseMail(await fixture('forward-gmail-html-only.eml'));
    expect(mail.text).toBe('Got this from a stranger, please check.');
    expect(mail.original).toEqual({
      from: 'DocuSign <dse@docusign-notice.example>',
      fromAddress: 'dse@docusign-notice.example',
      subject: 'Action required: shared document',
      date: '2026-12-05T18:12:00.000Z',
      text: 'You have a new document to sign. REVIEW DOCUMENT [https://docusign-notice.example/review?id=77]',
    });
  });

  it('unwraps an Outlook inline forward below a line of underscores', async () => {
    const mail = await parseMail(await fixture('forward-outlook-inline.eml'));
    expect(mail.text).toBe('Please check, the sender is unknown to us.\n\nMax');
    expect(mail.original).toMatchObject({
      from: 'Accounts Receivable <billing@invoices-portal.example>',
      fromAddress: 'billing@invoices-portal.example',
      subject: 'Invoice 2026-1187 overdue',
      date: '2026-12-04T16:55:00.000Z',
    });
    expect(mail.original?.text).toMatch(
      /^Hello,\n\nthe attached invoice is overdue\. Open it at https:\/\/invoices-portal\.example\/i\/1187/,
    );
  });

  it('parses a mail forwarded as attachment (message/rfc822) as the original and still lists it as attachment', async () => {
    const mail = await parseMail(await fixture('forward-as-attachment.eml'));
    expect(mail.text).toBe('Forwarding this as attachment as you asked. Looks like phishing to me.');
    expect(mail.original).toEqual({
      from: 'Bank Alerts <alerts@bank-secure.example>',
      fromAddress: 'alerts@bank-secure.example',
      subject: 'Confirm your new device',
      date: '2026-12-04T13:45:00.000Z',
      text: 'A new device signed in to your online banking. If this was not you,\nconfirm your details at https://bank-secure.example/confirm within 12 hours.',
    });
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({
      filename: 'Confirm your new device.eml',
      contentType: 'message/rfc822',
    });
    expect(mail.attachments[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names, sizes and hashes attachments without path parts; an unnamed one is attachment-N', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n%socbot test fixture\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const exe = Buffer.concat([
      Buffer.from([0x4d, 0x5a, 0x90, 0x00]),
      Buffer.from('This program cannot be run in DOS mode.\r\n$socbot-test'),
    ]);
    const blob = Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from('socbot')]);
    const mail = await parseMail(await fixture('attachments-pdf-and-exe.eml'));
    expect(mail.attachments).toEqual([
      { filename: 'invoice.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) },
      {
        filename: 'Invoice_2026.pdf.exe',
        contentType: 'application/octet-stream',
        size: exe.length,
        sha256: sha256(exe),
      },
      {
        filename: 'attachment-3',
        contentType: 'application/octet-stream',
        size: blob.length,
        sha256: sha256(blob),
      },
    ]);
    expect(mail.original).toBeUndefined();
  });

  it('derives a Message-ID from the bytes when the mail has none, the same on every read', async () => {
    const raw = await fixture('no-message-id.eml');
    const first = await parseMail(raw);
    const second = await parseMail(Buffer.from(raw));
    expect(first.messageId).toBe(`<${sha256(raw)}@socbot.invalid>`);
    expect(second.messageId).toBe(first.messageId);
    expect(first.from).toBe('scanner@printer.example.com');
    expect(first.fromAddress).toBe('scanner@printer.example.com');
  });

  it('decodes an ISO-8859-1 subject, sender and body', async () => {
    const mail = await parseMail(await fixture('iso-8859-1.eml'));
    expect(mail.subject).toBe('Verdächtige E-Mail für Geschäftsführer');
    expect(mail.from).toContain('Jürgen Müller');
    expect(mail.text).toContain('Grüße, die Mail an unseren Geschäftsführer wirkt verdächtig: Überweisung');
  });

  it('refuses bytes without a mail header as MAIL_UNREADABLE, saying what is wrong', async () => {
    const refusal = await parseMail(await fixture('malformed-no-header.eml')).catch(
      (error: unknown) => error,
    );
    expect(isSocbotError(refusal, 'MAIL_UNREADABLE')).toBe(true);
    expect((refusal as Error).message).toMatch(/no mail header/);
    await expect(parseMail(Buffer.alloc(0))).rejects.toMatchObject({ code: 'MAIL_UNREADABLE' });
  });

  it('refuses a mail over the size bound as MAIL_TOO_LARGE before parsing it', async () => {
    const huge = Buffer.alloc(MAX_RAW_MAIL_BYTES + 1, 'a');
    await expect(parseMail(huge)).rejects.toMatchObject({
      code: 'MAIL_TOO_LARGE',
      details: { size: MAX_RAW_MAIL_BYTES + 1 },
    });
  });

  it('cuts a long text at the bound and marks the cut', async () => {
    const body = 'word '.repeat(MAX_MAIL_TEXT_CHARS);
    const raw = Buffer.from(`From: a@example.com\nSubject: long\nContent-Type: text/plain\n\n${body}\n`);
    const mail = await parseMail(raw);
    expect(mail.text).toHaveLength(MAX_MAIL_TEXT_CHARS + TEXT_CUT_MARK.length);
    expect(mail.text.endsWith(TEXT_CUT_MARK)).toBe(true);
  });

  it('gives no original to a mail that only says Fwd: in its subject', async () => {
    const raw = Buffer.from(
      'From: a@example.com\nSubject: Fwd: meeting notes\n\nHere are the notes from today.\nFrom: the whole team\n',
    );
    const mail = await parseMail(raw);
    expect(mail.original).toBeUndefined();
    expect(mail.text).toBe('Here are the notes from today.\nFrom: the whole team');
  });
});
