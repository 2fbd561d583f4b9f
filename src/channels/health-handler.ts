import path from 'node:path';
import type { Request, Response } from 'restify';
import type { Logger } from '../logger';
import type { MailboxStatus } from '../mail/intake/mailbox-status';
import type { StoreHealth } from '../store/store-health';
import type { ModelInfo } from './model-info';

/**
 * What start-up repaired (src/app/data-repair.ts): a cut-off last line set aside, a lost outbox
 * rebuilt. The whole record, with paths, job ids and alert references, is for the log and the
 * audit trail; /healthz, which anyone who can reach the port may read, shows a summary of it.
 */
export interface StartupRepair {
  file: string;
  what: string;
  at: string;
  movedTo?: string;
  rebuilt?: readonly string[];
  lost?: readonly unknown[];
}

/** What the bot tells /healthz about its data: side effects by state and start-up repairs. */
export interface BotHealth {
  /** Side effects by state (src/outbox/side-effect-counts.ts); absent while the shared database does not answer. */
  sideEffects?: { queued: number; running: number; retrying: number; givenUp: number; failed: number };
  repairs: readonly StartupRepair[];
  /** The shared mailbox's intake; absent when no mailbox is configured. */
  mailbox?: MailboxStatus;
  /** Where the data lives (files, or PostgreSQL with whether it answers); absent for bots that keep none. */
  store?: StoreHealth;
}

/** A repair as /healthz shows it: what was done to which data file (by name), and when. */
export interface RepairSummary {
  what: string;
  at: string;
}

/** What /healthz reports. */
export interface HealthReport {
  /**
   * `ok`; `degraded` (still 200: the bot answers) when side effects were given up or failed and
   * wait for a person, the shared mailbox is down, or the shared database does not answer;
   * `unavailable` (503) when the outbox cannot be read; `draining` (503) while the server stops.
   */
  status: 'ok' | 'degraded' | 'unavailable' | 'draining';
  /** Why the status is not `ok`, and what to do. */
  reason?: string;
  uptimeSeconds: number;
  turnsInFlight: number;
  /** The model the recognizer uses now; absent for bots without one (the echo bot). */
  model?: ModelInfo;
  sideEffects?: BotHealth['sideEffects'];
  repairs?: RepairSummary[];
  /** The shared mailbox (MAIL_IMAP_URL): connected, connecting or down with the last error; absent when none is configured. */
  mailbox?: MailboxStatus;
  /**
   * `{ kind: 'files' }`, or `{ kind: 'postgres', ok, latencyMs }` from a round trip to the shared
   * database (`degraded` while it does not answer); never its URL.
   */
  store?: StoreHealth;
}

/**
 * `GET /healthz`: 200 while serving (`ok`, or `degraded` with the reason when side effects wait for
 * a person), 503 while draining (so a load balancer stops sending) or when the bot cannot read its
 * outbox. Carries no configuration, no secrets, and nothing from the data: no paths, job ids or
 * alert references (unauthenticated callers read it); the full reason of a 503 goes to the log,
 * once per distinct error.
 *
 * @example
 *   server.get('/healthz', createHealthHandler({ startedAt: Date.now(), isDraining, turnsInFlight, model, health: bot.health }));
 */
export function createHealthHandler(source: {
  startedAt: number;
  isDraining: () => boolean;
  turnsInFlight: () => number;
  model: () => ModelInfo | undefined;
  /** The bot's data health; absent for bots that keep none (the echo bot). */
  health?: () => Promise<BotHealth>;
  logger?: Logger;
}) {
  let loggedUnreadable: string | undefined;
  return async (_req: Request, res: Response): Promise<void> => {
    const model = source.model();
    const base = {
      uptimeSeconds: Math.round((Date.now() - source.startedAt) / 100) / 10,
      turnsInFlight: source.turnsInFlight(),
      ...(model ? { model } : {}),
    };
    if (source.isDraining()) {
      res.send(503, { status: 'draining', ...base } satisfies HealthReport);
      return;
    }
    let health: BotHealth | undefined;
    try {
      health = await source.health?.();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Polled every few seconds: the same error once, not a line per poll.
      if (message !== loggedUnreadable) {
        loggedUnreadable = message;
        source.logger?.error({ err: error }, '/healthz: socbot cannot read its side effects (outbox.json)');
      }
      const reason =
        'socbot cannot read its side effects (outbox.json): the log says why and what to do. Turns that queue a side effect fail until it is fixed.';
      res.send(503, { status: 'unavailable', reason, ...base } satisfies HealthReport);
      return;
    }
    loggedUnreadable = undefined;
    const reasons = health
      ? [
          storeDown(health.store),
          waitingForAPerson(health.sideEffects),
          health.mailbox && mailboxDown(health.mailbox),
        ].filter((part): part is string => typeof part === 'string' && part !== '')
      : [];
    const reason = reasons.length > 0 ? reasons.join(' ') : undefined;
    const report: HealthReport = {
      status: reason ? 'degraded' : 'ok',
      ...(reason ? { reason } : {}),
      ...base,
      ...(health?.sideEffects ? { sideEffects: health.sideEffects } : {}),
      ...(health ? { repairs: health.repairs.map(summaryOf) } : {}),
      ...(health?.mailbox ? { mailbox: health.mailbox } : {}),
      ...(health?.store ? { store: health.store } : {}),
    };
    res.send(200, report);
  };
}

/**
 * Why the store does not serve, while the shared database does not answer. The reason itself is in
 * the log, not here: it names the server, and unauthenticated callers read /healthz.
 */
function storeDown(store: StoreHealth | undefined): string | undefined {
  if (store?.kind !== 'postgres' || store.ok) return undefined;
  return 'The shared database (SOCBOT_DATABASE_URL) does not answer: the log says why. Turns and side effects that need it fail until it answers again; socbot keeps trying by itself.';
}

/** Why the shared mailbox is not read, while it is down (a reconnect is under way by itself). */
function mailboxDown(mailbox: MailboxStatus): string | undefined {
  if (mailbox.state !== 'down') return undefined;
  return `The shared mailbox is down since ${mailbox.since}: ${mailbox.lastError ?? 'no reason known'}. socbot keeps retrying by itself.`;
}

/** The side effects that ended NOT done and will not be tried again unless a person asks. */
function waitingForAPerson(counts: BotHealth['sideEffects']): string | undefined {
  if (!counts) return undefined;
  const parts = [
    counts.givenUp > 0
      ? `${counts.givenUp} side ${counts.givenUp === 1 ? 'effect was' : 'effects were'} given up`
      : '',
    counts.failed > 0 ? `${counts.failed} side ${counts.failed === 1 ? 'effect' : 'effects'} failed` : '',
  ].filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  return `${parts.join(' and ')} and will not be tried again by itself: see \`socbot outbox list\`, then \`socbot outbox retry <id>\` or \`socbot outbox drop <id>\`.`;
}

/**
 * A repair in words that name the file, not where it lies, and count jobs instead of naming them:
 * the details are in the log and in the audit trail's `repair` entry.
 */
function summaryOf(repair: StartupRepair): RepairSummary {
  const file = path.basename(repair.file);
  const where = 'details in the audit trail (`repair`)';
  if (repair.rebuilt !== undefined || repair.lost !== undefined) {
    const back = repair.rebuilt?.length ?? 0;
    const lost = repair.lost?.length ?? 0;
    return {
      what: `rebuilt the missing ${file} from the audit trail: ${back} unfinished ${back === 1 ? 'job' : 'jobs'} back${lost > 0 ? `, ${lost} could not be rebuilt` : ''}; ${where}`,
      at: repair.at,
    };
  }
  if (repair.movedTo !== undefined) {
    return { what: `set aside the cut-off last line of ${file}, kept next to it; ${where}`, at: repair.at };
  }
  return { what: `repaired ${file}; ${where}`, at: repair.at };
}
