import { isIP } from 'node:net';
import { configInvalid } from '../../config/config-problems';

/** Where the shared mailbox is, read from MAIL_IMAP_URL: what the IMAP client needs, no password. */
export interface MailboxAddress {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (`imaps://`). */
  readonly secure: boolean;
  /** `imap://` to a host other than loopback: the connection must upgrade with STARTTLS or fail. */
  readonly requireStartTls: boolean;
  /** The login, URL-decoded (`soc%40corp.example` → `soc@corp.example`). */
  readonly user: string;
  /** The folder read, URL-decoded; `INBOX` when the URL names none. */
  readonly folder: string;
  /** How logs, /healthz and IncomingMail.mailbox name it: `user@host/folder`, no credentials. */
  readonly name: string;
}

const HOW_TO_FIX =
  'set it like imaps://soc%40corp.example@mail.corp.example:993/INBOX (the user URL-encoded, the password in MAIL_IMAP_PASSWORD)';

/**
 * Reads MAIL_IMAP_URL: `imaps://user@host[:993][/folder]`, or `imap://` (port 143), which is sent in
 * plaintext only to a loopback host; to any other host it must upgrade with STARTTLS
 * (`requireStartTls`), so a password never crosses the network unencrypted. Throws CONFIG_INVALID
 * naming MAIL_IMAP_URL and the fix; the message never repeats the URL (it may hold a password).
 *
 * @example
 *   parseMailboxUrl('imaps://soc%40corp.example@mail.corp.example/INBOX').user; // 'soc@corp.example'
 */
export function parseMailboxUrl(raw: string): MailboxAddress {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`is not a URL; ${HOW_TO_FIX}`);
  }
  const secure = url.protocol === 'imaps:';
  if (!secure && url.protocol !== 'imap:')
    throw invalid(`must start with imaps:// (or imap:// to a loopback host); ${HOW_TO_FIX}`);
  if (url.password !== '')
    throw invalid(
      `must not hold the password (it would be logged as part of the address); put it in MAIL_IMAP_PASSWORD`,
    );
  const user = decode(url.username);
  if (user === '') throw invalid(`names no user; ${HOW_TO_FIX}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid(`names no host; ${HOW_TO_FIX}`);
  if (url.search !== '' || url.hash !== '')
    throw invalid(`must not have a ?query or #fragment; ${HOW_TO_FIX}`);
  const folder = decode(url.pathname.replace(/^\//, '')) || 'INBOX';
  return Object.freeze({
    host,
    port: url.port === '' ? (secure ? 993 : 143) : Number(url.port),
    secure,
    requireStartTls: !secure && !isLoopback(host),
    user,
    folder,
    name: `${user}@${host}/${folder}`,
  });
}

/** 127.0.0.0/8, ::1 and localhost: plaintext to them never leaves the machine. */
function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`has a broken %-escape; ${HOW_TO_FIX}`);
  }
}

function invalid(problem: string) {
  return configInvalid('mail settings', [`MAIL_IMAP_URL ${problem}`]);
}
