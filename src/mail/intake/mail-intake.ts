import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { createTimeout } from 'retry';
import type { Logger } from '../../logger';
import type { MailboxSettings } from '../mail-settings';
import { DEFAULT_MAX_ATTEMPTS, runMailPass, type MailHandler, type MailParser } from './mail-pass';
import { describeMailboxError, type MailboxState, type MailboxStatus } from './mailbox-status';
import { parseMailboxUrl, type MailboxAddress } from './mailbox-url';
import type { JsonLinesLogs } from '../../store/json-lines-log';
import type { MailboxLease, MailboxLock } from './mailbox-lock';
import { ProcessedMailLog } from './processed-mail-log';

/** Reconnect waits: 1 s, 2 s, 4 s … up to 5 minutes, each ×1–2 at random (many bots, one server). */
export const DEFAULT_RECONNECT = { minMs: 1000, maxMs: 5 * 60_000 };

/** How often a replica in standby asks for the mailbox again (another replica reads it). */
export const DEFAULT_STANDBY_RETRY_MS = 5000;

/** How long a stop waits for the server to answer LOGOUT before it closes the connection. */
const LOGOUT_GRACE_MS = 2000;

/** What {@link startMailIntake} needs. */
export interface MailIntakeOptions {
  settings: MailboxSettings;
  /** Where `mail-processed.jsonl` is (the data directory, which this process holds). */
  dataDir: string;
  /**
   * Where the processed memory is kept instead of `<dataDir>/mail-processed.jsonl`: the backend's
   * logs (PostgreSQL), shared by the replicas.
   */
  processedLogs?: JsonLinesLogs;
  /**
   * Several replicas on one mailbox: only the holder of this lock reads it (PostgreSQL:
   * PgMailboxLock); the others wait in state `standby` and take over when it is free.
   */
  lock?: MailboxLock;
  /** How often a replica in standby asks for the lock again (default 5 s; tests use a few ms). */
  standbyRetryMs?: number;
  logger: Logger;
  handle: MailHandler;
  parse: MailParser;
  /** Reconnect backoff (tests use a few ms). */
  reconnect?: { minMs: number; maxMs: number };
  /** Passes that try a mail whose handler throws before it is given up (default 5). */
  maxAttempts?: number;
  /** Overrides MAIL_POLL_SECONDS in ms (tests). */
  pollMs?: number;
  /** IMAP client timeouts (tests). */
  client?: Pick<ImapFlowOptions, 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'>;
}

/** The running intake. */
export interface MailIntake {
  /** The mailbox as /healthz shows it. */
  status(): MailboxStatus;
  /** Ends the wait, lets the mail at hand finish, logs out. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts reading the shared mailbox in the background and returns at once: connect, open the
 * folder, a pass over every mail not yet processed (src/mail/intake/mail-pass.ts), then wait for
 * new mail with IDLE (MAIL_IMAP_IDLE, where the server offers it) or MAIL_POLL_SECONDS, whichever
 * comes first, and pass again. A failed connect or a dropped connection is retried with
 * exponential, jittered backoff (the `retry` package's timeouts) for as long as the intake runs;
 * nothing it meets is thrown at the caller. Throws CONFIG_INVALID at once when MAIL_IMAP_URL is bad.
 *
 * @example
 *   const intake = startMailIntake({ settings: config.mail.mailbox, dataDir, logger, handle, parse });
 *   intake.status().state; // 'connecting'
 *   await intake.stop();
 */
export function startMailIntake(options: MailIntakeOptions): MailIntake {
  const address = parseMailboxUrl(options.settings.url);
  const { settings, logger } = options;
  const reconnect = options.reconnect ?? DEFAULT_RECONNECT;
  const pollMs = options.pollMs ?? settings.pollSeconds * 1000;
  const secrets = [settings.password];
  const attempts = new Map<string, number>();
  let state: MailboxState = 'connecting';
  let since = new Date().toISOString();
  let lastError: string | undefined;
  let processed = 0;
  let log: ProcessedMailLog | undefined;
  /** The mailbox lock while this replica holds it (only with `options.lock`). */
  let lease: MailboxLease | undefined;
  let stopping = false;
  let client: ImapFlow | undefined;
  /** The current session reached `connected` (its drop restarts the backoff from the shortest wait). */
  let sessionConnected = false;
  /** Ends the current wait (between passes, or before a reconnect). */
  let wake: (() => void) | undefined;

  const setState = (next: MailboxState, error?: string): void => {
    if (next !== state) since = new Date().toISOString();
    state = next;
    if (error !== undefined) lastError = error;
  };

  async function runSession(): Promise<void> {
    log ??= await ProcessedMailLog.open(options.processedLogs ?? options.dataDir);
    if (log.skippedLines > 0)
      logger.warn(
        { file: log.file, skippedLines: log.skippedLines },
        'mail intake: unreadable lines in the processed-mail log were skipped; those mails may be handed over once more',
      );
    const processedLog = log;
    client = new ImapFlow(clientOptions(address, settings.password, logger, options.client));
    const session = client;
    // An 'error' event without a listener would crash the process; the failed command reports it too.
    session.on('error', (error: Error) =>
      logger.debug(
        { mailbox: address.name, err: describeMailboxError(error, secrets) },
        'mail intake: connection error',
      ),
    );
    // New mail announced while a pass runs is kept for the wait after it (else it waits for the poll).
    let newMail = false;
    session.on('exists', () => {
      newMail = true;
      wake?.();
    });
    session.on('close', () => wake?.());
    await session.connect();
    const box = await session.mailboxOpen(address.folder);
    setState('connected');
    sessionConnected = true;
    logger.info({ mailbox: address.name, exists: box.exists }, 'mail intake: connected');
    const uidValidity = String(box.uidValidity);
    while (!stopping && session.usable) {
      newMail = false;
      await runMailPass({
        client: session,
        address,
        uidValidity,
        log: processedLog,
        handle: options.handle,
        parse: options.parse,
        processed: settings.processed,
        processedFolder: settings.processedFolder,
        attempts,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        logger,
        onProcessed: () => {
          processed += 1;
        },
        stopping: () => stopping,
      });
      if (stopping || newMail) continue;
      await waitForNews(session);
    }
    if (!stopping) throw new Error('the server closed the connection');
  }

  /** Resolves on new mail (IDLE's EXISTS), the poll interval, a closed connection or stop(): `wake`. */
  function waitForNews(session: ImapFlow): Promise<void> {
    // The next command (the pass) ends the IDLE; a failed IDLE is seen by that command too.
    if (settings.idle && session.capabilities.has('IDLE')) session.idle().catch(() => undefined);
    return pause(pollMs);
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  /** Asks for the mailbox lock; false (after a wait) while another replica holds it. */
  async function takeMailbox(lock: MailboxLock): Promise<boolean> {
    const retryMs = options.standbyRetryMs ?? DEFAULT_STANDBY_RETRY_MS;
    let taken: MailboxLease | undefined;
    try {
      taken = await lock.tryAcquire(address.name);
    } catch (error) {
      setState(
        'down',
        `the lock that lets one replica read the mailbox could not be taken (${describeMailboxError(error, secrets)})`,
      );
      await pause(retryMs);
      return false;
    }
    if (!taken) {
      setState('standby');
      await pause(retryMs);
      return false;
    }
    lease = taken;
    void taken.lost.then((why) => {
      if (lease !== taken) return;
      lease = undefined;
      logger.warn(
        { mailbox: address.name, reason: why.message },
        'mail intake: lost the mailbox lock (database connection gone); stopped reading, another replica may take over',
      );
      closeClient();
      wake?.();
    });
    // Another replica may have processed mails while this one waited: the memory is read afresh.
    log = undefined;
    logger.info({ mailbox: address.name }, 'mail intake: this replica now reads the mailbox');
    return true;
  }

  async function giveUpMailbox(): Promise<void> {
    const held = lease;
    lease = undefined;
    await held?.release();
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopping) {
      if (options.lock && !lease && !(await takeMailbox(options.lock))) continue;
      if (stopping) break;
      setState('connecting');
      sessionConnected = false;
      try {
        await runSession();
      } catch (error) {
        if (stopping) break;
        closeClient();
        // Another replica may reach the mailbox meanwhile; this one asks again after the wait.
        await giveUpMailbox().catch(() => undefined);
        const reason = describeMailboxError(error, secrets);
        setState('down', reason);
        // A session that got connected starts the backoff again from the shortest wait.
        if (sessionConnected) failures = 0;
        const waitMs = createTimeout(failures, {
          minTimeout: reconnect.minMs,
          maxTimeout: reconnect.maxMs,
          factor: 2,
          randomize: true,
        });
        failures += 1;
        logger.warn(
          { mailbox: address.name, reason, retryInMs: waitMs },
          'mail intake: mailbox down, retrying',
        );
        await pause(waitMs);
      }
    }
    closeClient();
    await giveUpMailbox().catch((error: unknown) =>
      logger.warn({ mailbox: address.name, err: error }, 'mail intake: could not give the mailbox lock up'),
    );
  })();

  function closeClient(): void {
    client?.close();
    client = undefined;
  }

  return {
    status: () => ({
      mailbox: address.name,
      state,
      ...(lastError !== undefined && state !== 'connected' ? { lastError } : {}),
      since,
      processed,
      failed: log?.count('failed') ?? 0,
    }),
    async stop() {
      stopping = true;
      wake?.();
      // A pass in progress ends after its mail; logout ends an IDLE or a wait for the server, and
      // a server that does not answer it within LOGOUT_GRACE_MS is cut off.
      const session = client;
      if (session) {
        let cutOff: NodeJS.Timeout | undefined;
        await Promise.race([
          session.logout().catch(() => undefined),
          new Promise((resolve) => (cutOff = setTimeout(resolve, LOGOUT_GRACE_MS))),
        ]);
        clearTimeout(cutOff);
        session.close();
      }
      await loop;
      await log?.flush();
      setState('down', 'the intake is stopped');
    },
  };
}

function clientOptions(
  address: MailboxAddress,
  password: string,
  logger: Logger,
  timeouts: MailIntakeOptions['client'],
): ImapFlowOptions {
  return {
    host: address.host,
    port: address.port,
    secure: address.secure,
    // imap:// to a non-loopback host must upgrade; to loopback it stays plaintext.
    doSTARTTLS: address.requireStartTls ? true : address.secure ? undefined : false,
    auth: { user: address.user, pass: password },
    // IDLE is started by the intake, only when MAIL_IMAP_IDLE says so.
    disableAutoIdle: true,
    logger: imapLogger(logger),
    ...timeouts,
  };
}

/**
 * imapflow's own log at debug level through socbot's logger (its redaction applies), without the
 * protocol lines (`src` c/s): those carry commands and server answers, mail headers among them, which
 * are data, not log material.
 */
function imapLogger(logger: Logger): NonNullable<ImapFlowOptions['logger']> {
  const child = logger.child({ component: 'imapflow' });
  const at = (entry: unknown): void => {
    if (!child.isLevelEnabled('debug')) return;
    const line =
      typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : { msg: entry };
    if (line.src === 'c' || line.src === 's') return;
    child.debug(
      {
        cid: line.cid,
        ...(line.err instanceof Error ? { imapErr: line.err.message } : {}),
      },
      typeof line.msg === 'string' ? `imapflow: ${line.msg}` : 'imapflow',
    );
  };
  return { debug: at, info: at, warn: at, error: at };
}
