/**
 * Where the intake's connection to the shared mailbox stands. `standby`: another replica reads the
 * mailbox (issue 15: one at a time); this one takes over when that one stops or dies.
 */
export type MailboxState = 'connected' | 'connecting' | 'down' | 'standby';

/**
 * The intake as /healthz shows it (`mailbox`): no credentials, no mail contents.
 *
 * @example
 *   { mailbox: 'soc@mail.corp.example/INBOX', state: 'down', lastError: 'the server refused the login …', since: '2026-12-06T20:00:00.000Z', processed: 12, failed: 0 }
 */
export interface MailboxStatus {
  /** `user@host/folder` (MailboxAddress.name). */
  readonly mailbox: string;
  readonly state: MailboxState;
  /** Why the last connection failed or ended, in words that say what to check; never a secret. */
  readonly lastError?: string;
  /** ISO 8601: since when the state is what it is. */
  readonly since: string;
  /** Mails handed over and recorded since this process started. */
  readonly processed: number;
  /** Mails given up (`mail-processed.jsonl` outcome `failed`, flagged `$socbot-failed` on the server), in all. */
  readonly failed: number;
}

/**
 * An error of the IMAP connection in words for /healthz and the log: what happened and what to
 * check. Any configured secret in it is cut out (a server could echo what it was sent).
 */
export function describeMailboxError(error: unknown, secrets: readonly string[]): string {
  const failure = error as {
    authenticationFailed?: boolean;
    response?: string;
    code?: string;
    message?: string;
  };
  let text: string;
  if (failure.authenticationFailed === true) {
    text = `the server refused the login${failure.response ? ` (${failure.response})` : ''}: check the user in MAIL_IMAP_URL and MAIL_IMAP_PASSWORD`;
  } else if (
    failure.code === 'ECONNREFUSED' ||
    failure.code === 'ENOTFOUND' ||
    failure.code === 'ETIMEDOUT'
  ) {
    text = `cannot reach the server (${failure.code}): check the host and port in MAIL_IMAP_URL and that the server is up`;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    text = `${failure.code ? `${failure.code}: ` : ''}${message}`;
  }
  for (const secret of secrets) if (secret !== '') text = text.split(secret).join('[redacted]');
  return text;
}
