import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { Logger } from '../logger';

/**
 * How much SDK console output reaches the log: at most `maxLines` lines per `intervalMs`; the next
 * line after a full interval says how many were dropped. A burst of forged tokens costs a few lines.
 */
export const SDK_CONSOLE_LIMIT: SdkConsoleLimit = { maxLines: 10, intervalMs: 60_000 };

/** A rate limit of SDK console lines in the log. */
export interface SdkConsoleLimit {
  readonly maxLines: number;
  readonly intervalMs: number;
}

/** The longest SDK message kept (its first line); the rest is noise such as a public key. */
const MAX_OUTPUT_CHARS = 200;

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Runs code whose `console.*` output goes to socbot's JSON log instead of stderr.
 *
 * botframework-connector prints with `console.error` when it rejects a token: for a forged token
 * the whole public key (multi-line PEM), for an expired one a stack trace. Anyone can send tokens,
 * so they could fill stderr. Inside `run`, console output becomes one warning line per call (first
 * line of the message, no stack), rate-limited; outside, console behaves as before. The routing
 * follows the async context (AsyncLocalStorage), so output of other work running meanwhile is
 * left alone. The AsyncLocalStorage is switched off whenever no check runs: while on, Node's
 * promise hooks make every promise of every turn dearer (BENCHMARKS.md, stop 35).
 *
 * @example
 *   const sdkConsole = createSdkConsole(logger);
 *   await sdkConsole.run(() => authentication.authenticateRequest(activity, authHeader));
 */
export interface SdkConsole {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** Where console output of the current async context goes, if anywhere. */
type ConsoleSink = (method: string, args: unknown[]) => void;

const routed = new AsyncLocalStorage<ConsoleSink>();
let consoleHooked = false;

/**
 * An `SdkConsole` logging to `logger`, rate-limited by `limit` (one limit per server).
 *
 * @example
 *   const sdkConsole = createSdkConsole(logger, { maxLines: 10, intervalMs: 60_000 });
 */
export function createSdkConsole(logger: Logger, limit: SdkConsoleLimit = SDK_CONSOLE_LIMIT): SdkConsole {
  hookConsoleOnce();
  let windowStart = 0;
  let linesInWindow = 0;
  let dropped = 0;
  const sink: ConsoleSink = (method, args) => {
    const now = Date.now();
    if (now - windowStart >= limit.intervalMs) {
      windowStart = now;
      linesInWindow = 0;
    }
    if (linesInWindow >= limit.maxLines) {
      dropped += 1;
      return;
    }
    linesInWindow += 1;
    logger.warn(
      { sdkOutput: oneLine(args), consoleMethod: method, ...(dropped > 0 && { droppedBefore: dropped }) },
      'Bot Framework SDK output during a token check',
    );
    dropped = 0;
  };
  return { run: (work) => routedWhileRunning(sink, work) };
}

/** Checks running in this process (any SdkConsole): the routing is on only while there are some. */
let checksRunning = 0;

async function routedWhileRunning<T>(sink: ConsoleSink, work: () => Promise<T>): Promise<T> {
  checksRunning += 1;
  try {
    return await routed.run(sink, work);
  } finally {
    checksRunning -= 1;
    // Off until the next check (run switches it on again): the promise hooks cost every turn.
    if (checksRunning === 0) routed.disable();
  }
}

/** Replaces the console methods once per process with ones that honour the routing. */
function hookConsoleOnce(): void {
  if (consoleHooked) return;
  consoleHooked = true;
  for (const method of CONSOLE_METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]): void => {
      const sink = routed.getStore();
      if (sink) sink(method, args);
      else original(...args);
    };
  }
}

/** A PEM block (the SDK dumps the public keys it has): public, but many lines of noise. */
const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]*?(?:-----END [A-Z ]+-----|$)/g;

/**
 * The first line of what console would print, errors as `name: message` (no stack), PEM blocks
 * as `[key]`, at most 200 characters.
 */
function oneLine(args: readonly unknown[]): string {
  const text = args
    .map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : format('%s', arg)))
    .join(' ')
    .replace(PEM_BLOCK, '[key]');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.length > MAX_OUTPUT_CHARS ? `${firstLine.slice(0, MAX_OUTPUT_CHARS)}…` : firstLine;
}
