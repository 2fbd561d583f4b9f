import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { SocbotError } from '../../errors';
import type { Logger } from '../../logger';
import { MAX_RAW_MAIL_BYTES } from '../parse/mail-limits';
import type { IncomingMail, ParsedMail } from '../mail-message';
import type { MailboxAddress } from './mailbox-url';
import type { MailKey, ProcessedMailLine, ProcessedMailLog } from './processed-mail-log';

/** The keyword a processed mail gets on the server (also before a move: it travels with the mail). */
export const PROCESSED_KEYWORD = '$socbot-processed';
/** The keyword a mail given up gets; it stays where it is, for a person to look at. */
export const FAILED_KEYWORD = '$socbot-failed';
/** The code of a mail the parser could not read: given up at once, never retried. */
export const MAIL_UNREADABLE = 'MAIL_UNREADABLE';
/** The code of a handler's failure that carries none of its own. */
export const MAIL_HANDLER_FAILED = 'MAIL_HANDLER_FAILED';
/** How many passes try a mail whose handler throws before it is given up. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * What the intake hands each new mail to (the routing's, injected). It must be idempotent by
 * `mail.messageId`: a crash after it resolved and before the mail was recorded hands the same mail
 * over again on the next start.
 */
export type MailHandler = (mail: IncomingMail) => Promise<void>;

/** Turns a raw mail into a ParsedMail (src/mail/parse/); throws when the mail cannot be read. */
export type MailParser = (raw: Buffer) => Promise<ParsedMail>;

/** What one pass over the folder needs: an open connection with the folder selected, and the rest. */
export interface MailPassDeps {
  client: ImapFlow;
  address: MailboxAddress;
  /** The selected folder's UIDVALIDITY, as a string. */
  uidValidity: string;
  log: ProcessedMailLog;
  handle: MailHandler;
  parse: MailParser;
  /** MAIL_PROCESSED and MAIL_PROCESSED_FOLDER. */
  processed: 'flag' | 'move';
  processedFolder: string;
  /** Handler failures so far per mail (this process's; a restart starts the count again). */
  attempts: Map<string, number>;
  maxAttempts: number;
  logger: Logger;
  /** Told once per mail handed over and recorded. */
  onProcessed: () => void;
  /** True once the intake stops: the pass ends after the mail at hand. */
  stopping: () => boolean;
}

/**
 * One pass: every mail in the folder without `$socbot-processed`, oldest first, is handed over
 * once. Per mail: already recorded (by UID, or by Message-ID) → only marked again (a crash may have
 * come between record and mark); else fetched, parsed, handed to the handler, recorded in
 * `mail-processed.jsonl` (durably) and then marked. A handler that throws leaves the mail for the
 * next pass (up to `maxAttempts`, then it is given up); one that cannot be parsed is given up at
 * once. A mail given up is recorded `failed` with its code and flagged `$socbot-failed`. No mail
 * blocks the ones after it. IMAP errors end the pass (the caller reconnects).
 */
export async function runMailPass(deps: MailPassDeps): Promise<void> {
  const { client } = deps;
  const uids = (await client.search({ unKeyword: PROCESSED_KEYWORD }, { uid: true })) || [];
  if (uids.length === 0) return;
  const messages = await client.fetchAll(
    uids,
    { uid: true, envelope: true, flags: true, internalDate: true, size: true },
    { uid: true },
  );
  messages.sort((a, b) => a.uid - b.uid);
  for (const message of messages) {
    if (deps.stopping()) return;
    if (message.flags?.has(FAILED_KEYWORD)) continue;
    await takeMail(deps, message);
  }
}

async function takeMail(deps: MailPassDeps, message: FetchMessageObject): Promise<void> {
  const { address, uidValidity, log, logger } = deps;
  const key: MailKey = {
    mailbox: address.name,
    uidValidity,
    uid: message.uid,
    messageId: message.envelope?.messageId ?? '',
  };
  const known = log.find(key);
  if (known) {
    await mark(deps, message.uid, known.outcome);
    return;
  }
  // Refused by its size before its bytes are fetched: a mail over the bound could exhaust memory.
  if ((message.size ?? 0) > MAX_RAW_MAIL_BYTES) {
    const tooLarge = new SocbotError(
      'MAIL_TOO_LARGE',
      `The mail has ${message.size} bytes; socbot reads mails up to ${MAX_RAW_MAIL_BYTES} bytes. Look at it in a mail client.`,
    );
    await giveUp(deps, key, tooLarge.code, tooLarge);
    return;
  }
  const fetched = await deps.client.fetchOne(String(message.uid), { source: true }, { uid: true });
  // Gone since the search (expunged by someone else): nothing to do.
  if (!fetched || !fetched.source) return;
  let parsed: ParsedMail;
  try {
    parsed = await deps.parse(fetched.source);
  } catch (error) {
    await giveUp(deps, key, error instanceof SocbotError ? error.code : MAIL_UNREADABLE, error);
    return;
  }
  // The parser's Message-ID is the one the handler keys by (a hash when the mail has none).
  const identified: MailKey = { ...key, messageId: parsed.messageId };
  const knownById = log.find(identified);
  if (knownById) {
    await mark(deps, message.uid, knownById.outcome);
    return;
  }
  const mail: IncomingMail = {
    ...parsed,
    mailbox: address.name,
    uidValidity,
    uid: message.uid,
    receivedAt: receivedAtOf(message),
  };
  try {
    await deps.handle(mail);
  } catch (error) {
    const attemptKey = `${uidValidity}:${message.uid}`;
    const attempts = (deps.attempts.get(attemptKey) ?? 0) + 1;
    deps.attempts.set(attemptKey, attempts);
    if (attempts >= deps.maxAttempts) {
      deps.attempts.delete(attemptKey);
      await giveUp(deps, identified, codeOf(error), error);
      return;
    }
    logger.warn(
      { err: error, mailbox: address.name, uid: message.uid, messageId: parsed.messageId, attempts },
      'mail intake: the handler failed on a mail; it is tried again at the next pass',
    );
    return;
  }
  await log.record({ ...identified, outcome: 'processed', at: new Date().toISOString() });
  deps.onProcessed();
  logger.info(
    { mailbox: address.name, uid: message.uid, messageId: parsed.messageId },
    'mail intake: mail processed',
  );
  await mark(deps, message.uid, 'processed');
}

/** Records the mail as failed with its code, then flags it `$socbot-failed` where it is. */
async function giveUp(deps: MailPassDeps, key: MailKey, code: string, error: unknown): Promise<void> {
  await deps.log.record({ ...key, outcome: 'failed', code, at: new Date().toISOString() });
  deps.logger.error(
    { err: error, mailbox: key.mailbox, uid: key.uid, messageId: key.messageId, code },
    `mail intake: a mail was given up (${code}) and flagged ${FAILED_KEYWORD}; it is not handed over again`,
  );
  await mark(deps, key.uid, 'failed');
}

/** Connections whose folder refused a keyword (warned once per connection, not per mail). */
const keywordsRefused = new WeakSet<ImapFlow>();

/** Connections that made sure MAIL_PROCESSED_FOLDER exists. */
const foldersReady = new WeakSet<ImapFlow>();

/**
 * Marks a recorded mail on the server. A refusal (no right to create or move to
 * MAIL_PROCESSED_FOLDER, a keyword the server does not keep) is logged and the pass goes on: the
 * mail is recorded, so it is never handed over twice, and one mail must not hold up the others.
 * A lost connection fails the next command and ends the pass as before.
 */
async function mark(deps: MailPassDeps, uid: number, outcome: ProcessedMailLine['outcome']): Promise<void> {
  try {
    await markOnServer(deps, uid, outcome);
  } catch (error) {
    deps.logger.warn(
      { err: error, mailbox: deps.address.name, uid, outcome },
      `mail intake: could not flag or move a mail socbot is done with (check the account's rights on the folder and MAIL_PROCESSED_FOLDER); it is recorded and not handed over again`,
    );
  }
}

/** The keyword, and for MAIL_PROCESSED=move the move. */
async function markOnServer(
  deps: MailPassDeps,
  uid: number,
  outcome: ProcessedMailLine['outcome'],
): Promise<void> {
  const { client } = deps;
  const keyword = outcome === 'failed' ? FAILED_KEYWORD : PROCESSED_KEYWORD;
  // imapflow answers false when the folder does not accept the keyword (not in PERMANENTFLAGS).
  const kept = await client.messageFlagsAdd(String(uid), [keyword], { uid: true });
  if (!kept && !keywordsRefused.has(client)) {
    keywordsRefused.add(client);
    deps.logger.warn(
      { mailbox: deps.address.name, keyword },
      "mail intake: the server does not keep socbot's keywords on this folder, so processed mail is not marked there (socbot still hands each mail over once, by its own record); set MAIL_PROCESSED=move to move processed mail instead",
    );
  }
  if (outcome === 'failed') return;
  if (deps.processed === 'move') {
    if (!foldersReady.has(client)) {
      // Created when missing (ALREADYEXISTS is answered as `created: false`), once per connection.
      await client.mailboxCreate(deps.processedFolder);
      foldersReady.add(client);
    }
    await client.messageMove(String(uid), deps.processedFolder, { uid: true });
  }
}

function receivedAtOf(message: FetchMessageObject): string {
  const date = message.internalDate === undefined ? new Date() : new Date(message.internalDate);
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
}

/** A coded error's code (SocbotError, IntegrationError), else MAIL_HANDLER_FAILED. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : MAIL_HANDLER_FAILED;
}
