import { isSocbotError } from '../../../src/errors';
import { parseMailboxUrl } from '../../../src/mail/intake/mailbox-url';

describe('MAIL_IMAP_URL', () => {
  it('reads imaps:// with a URL-encoded user, the default port and folder', () => {
    expect(parseMailboxUrl('imaps://soc%40corp.example@mail.corp.example')).toEqual({
      host: 'mail.corp.example',
      port: 993,
      secure: true,
      requireStartTls: false,
      user: 'soc@corp.example',
      folder: 'INBOX',
      name: 'soc@corp.example@mail.corp.example/INBOX',
    });
  });

  it('reads the port and an encoded folder', () => {
    expect(parseMailboxUrl('imaps://soc@mail.corp.example:1993/SOC%20Reports')).toMatchObject({
      port: 1993,
      folder: 'SOC Reports',
    });
  });

  it.each([
    ['imap://soc@127.0.0.1:1143/INBOX', '127.0.0.1'],
    ['imap://soc@localhost/INBOX', 'localhost'],
    ['imap://soc@[::1]:143/INBOX', '::1'],
  ])('sends %s in plaintext: loopback never leaves the machine', (url, host) => {
    expect(parseMailboxUrl(url)).toMatchObject({ host, secure: false, requireStartTls: false });
  });

  it('requires STARTTLS for imap:// to any other host', () => {
    expect(parseMailboxUrl('imap://soc@mail.corp.example/INBOX')).toMatchObject({
      port: 143,
      secure: false,
      requireStartTls: true,
    });
  });

  it.each([
    ['not a url', /MAIL_IMAP_URL is not a URL/],
    ['https://soc@mail.corp.example/', /MAIL_IMAP_URL must start with imaps:\/\//],
    ['imaps://mail.corp.example/INBOX', /MAIL_IMAP_URL names no user/],
    ['imaps://soc@mail.corp.example/INBOX?x=1', /MAIL_IMAP_URL must not have a \?query/],
    ['imaps://soc@mail.corp.example/%E0%A4%A', /MAIL_IMAP_URL has a broken %-escape/],
  ])('refuses %s with CONFIG_INVALID naming the variable and the fix', (url, message) => {
    let thrown: unknown;
    try {
      parseMailboxUrl(url);
    } catch (error) {
      thrown = error;
    }
    expect(isSocbotError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it('refuses a password in the URL without repeating it', () => {
    expect(() => parseMailboxUrl('imaps://soc:hunter2@mail.corp.example/INBOX')).toThrow(
      /MAIL_IMAP_PASSWORD/,
    );
    try {
      parseMailboxUrl('imaps://soc:hunter2@mail.corp.example/INBOX');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
