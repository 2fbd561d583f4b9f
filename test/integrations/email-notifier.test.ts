import { verifyAckToken } from '../../src/integrations/ack-token';
import { createEmailNotifier } from '../../src/integrations/notify/email-notifier';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ctx, HOSTILE, NOTICE, TEST_TIMEOUT_MS } from './fixtures';
import { readMail } from './stand-ins/mime-reader';
import { startSmtpStandIn, type SmtpStandIn } from './stand-ins/smtp-stand-in';
import { closedPort } from './stand-ins/stand-in-server';

const SMTP_USER = 'socbot';
const SMTP_PASSWORD = 'smtp-pa55-NEVER-LOGGED';
const ACK = { publicBaseUrl: 'https://socbot.example.com', secret: 'ack-secret-0123456789-NEVER' };

describe('e-mail notices over SMTP (a real SMTP server on 127.0.0.1)', () => {
  let smtp: SmtpStandIn;
  const log = createCapturedLogger('debug');
  const mailer = (smtpUrl = smtp.url, timeoutMs = TEST_TIMEOUT_MS * 3) =>
    createEmailNotifier({
      audience: 'basis',
      smtpUrl,
      from: 'socbot@example.com',
      to: ['basis@example.com', 'oncall@example.com'],
      ack: ACK,
      timeoutMs,
      logger: log.logger,
    });

  beforeEach(async () => {
    smtp = await startSmtpStandIn(SMTP_USER, SMTP_PASSWORD);
  });
  afterEach(() => smtp.close());

  it('delivers text and HTML with the facts, a Message-ID from the key and a verifiable acknowledge link', async () => {
    await expect(mailer().notify(NOTICE, ctx('notify:basis:SOC-2026-0001'))).resolves.toEqual({
      channel: 'email',
      delivered: 2,
    });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.envelope).toEqual({
      from: 'socbot@example.com',
      to: ['basis@example.com', 'oncall@example.com'],
    });
    const read = readMail(mail.raw);
    expect(read.headers.get('subject')).toBe(
      '[socbot] P1 SAP security alert on PRD/100: user DDIC from terminal PC-0815',
    );
    expect(read.headers.get('message-id')).toBe('<notify:basis:SOC-2026-0001@socbot>');
    for (const fact of [
      'PC-0815',
      'DDIC',
      'PRD/100',
      'SOC-2026-0001',
      '4711',
      'P1',
      'terminal PC-0815 (firewall)',
      'Ana Analyst',
    ]) {
      expect(read.text).toContain(fact);
      expect(read.html).toContain(fact);
    }
    const link = /Acknowledge: (\S+)/.exec(read.text)?.[1] ?? '';
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://socbot.example.com/api/basis/ack');
    expect(url.searchParams.get('ref')).toBe('SOC-2026-0001');
    expect(verifyAckToken('SOC-2026-0001', url.searchParams.get('token') ?? undefined, ACK.secret)).toBe(
      true,
    );
    expect(read.html).toContain(`<a href="${link.replace(/&/g, '&amp;')}">Acknowledge</a>`);
  });

  it('counts only the recipients the server accepted', async () => {
    const picky = await startSmtpStandIn(SMTP_USER, SMTP_PASSWORD, ['oncall@example.com']);
    try {
      await expect(mailer(picky.url).notify(NOTICE, ctx())).resolves.toEqual({
        channel: 'email',
        delivered: 1,
      });
      expect(picky.mails[0]?.envelope.to).toEqual(['basis@example.com']);
    } finally {
      await picky.close();
    }
  });

  it('escapes hostile values in the HTML part and keeps CR/LF out of the headers', async () => {
    await mailer().notify(
      { ...NOTICE, terminal: HOSTILE.crlf, username: HOSTILE.script, system: HOSTILE.quotes },
      ctx(),
    );
    const mail = smtp.mails[0]!;
    const read = readMail(mail.raw);
    expect(read.html).not.toContain('<script>');
    expect(read.html).not.toContain('<img');
    expect(read.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(read.html).toContain('O&#39;Brien');
    // The injected lines did not become headers, and the injected address got nothing.
    expect(read.headers.has('x-injected')).toBe(false);
    expect(read.headers.has('bcc')).toBe(false);
    expect(mail.envelope.to).not.toContain('attacker@evil.example');
    expect(read.headers.get('subject')).not.toMatch(/[\r\n]/);
  });

  it('bounds a 100 KB value', async () => {
    await mailer().notify({ ...NOTICE, terminal: HOSTILE.huge, requestedBy: HOSTILE.huge }, ctx());
    const read = readMail(smtp.mails[0]!.raw);
    expect(read.text.length).toBeLessThan(4000);
    expect(read.html.length).toBeLessThan(6000);
  });

  it('a refused login is final and points at SMTP_URL, without the password', async () => {
    const wrong = smtp.url.replace(encodeURIComponent(SMTP_PASSWORD), 'wrong-smtp-pass');
    const error = (await mailer(wrong)
      .notify(NOTICE, ctx())
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'INTEGRATION_FAILED', kind: 'auth', retryable: false });
    expect(error.message).toContain('SMTP_URL');
    expect(error.message).not.toContain('wrong-smtp-pass');
  });

  it('a temporary SMTP failure (451) is retryable; a permanent one (550) is final', async () => {
    smtp.script(
      { reply: 'error', code: 451, message: 'try later' },
      { reply: 'error', code: 550, message: 'mailbox unavailable' },
    );
    await expect(mailer().notify(NOTICE, ctx())).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
      status: 451,
    });
    await expect(mailer().notify(NOTICE, ctx())).rejects.toMatchObject({
      kind: 'rejected',
      retryable: false,
      status: 550,
    });
  });

  it('a server that never answers DATA times out as retryable', async () => {
    smtp.script({ reply: 'hang' });
    const started = Date.now();
    await expect(mailer(smtp.url, TEST_TIMEOUT_MS).notify(NOTICE, ctx())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(TEST_TIMEOUT_MS + 3000);
  });

  it("the caller's signal stops a hanging send as aborted", async () => {
    smtp.script({ reply: 'hang' });
    const controller = new AbortController();
    const pending = mailer(smtp.url, 10_000).notify(NOTICE, ctx('k', controller.signal));
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: true });
  });

  it('an unreachable server is retryable (network), and no secret is ever logged', async () => {
    const port = await closedPort();
    await expect(
      mailer(`smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`).notify(NOTICE, ctx()),
    ).rejects.toMatchObject({ kind: 'network', retryable: true });
    expect(log.text()).not.toContain(SMTP_PASSWORD);
    expect(log.text()).not.toContain(ACK.secret);
  });
});
