import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { asSocbotError, SocbotError } from '../errors';
import type { Logger } from '../logger';
import { z } from 'zod';
import type { OperatorOutcome, OperatorRequest } from './operator-change';

/** A request file is data from another process: read through this schema, never trusted as it is. */
const operatorRequestSchema = z.object({
  operation: z.enum(['retry', 'drop']),
  jobId: z.string().min(1).max(200),
  by: z.object({ id: z.string().min(1), name: z.string().optional(), role: z.string().optional() }),
  via: z.enum(['cli', 'chat']),
  conversationId: z.string().optional(),
}) satisfies z.ZodType<OperatorRequest>;

/**
 * `<dataDir>/outbox-requests/`: retry and drop requests a CLI leaves for the socbot process that
 * writes the data directory (one process writes outbox.json and the audit trail: a second writer
 * would fork the hash chain), and that process's answers.
 */
export const OPERATOR_REQUESTS_DIR = 'outbox-requests';

/** How the writing process answered a request. */
export type OperatorAnswer =
  { ok: true; outcome: OperatorOutcome } | { ok: false; code: string; message: string };

const REQUEST_SUFFIX = '.request.json';
const ANSWER_SUFFIX = '.answer.json';
/** An answer nobody collected (its CLI gave up waiting) is removed after this; the audit trail keeps what was done. */
const UNCOLLECTED_ANSWER_MS = 60 * 60 * 1000;

/**
 * Leaves a request for the process that writes the data directory; resolves with its id.
 * Written aside and renamed into place, so the watcher never reads half a request.
 *
 * @example
 *   const id = await submitOperatorRequest('./data', { operation: 'retry', jobId, by, via: 'cli' });
 *   const answer = await awaitOperatorAnswer('./data', id, 10_000);
 */
export async function submitOperatorRequest(dataDir: string, request: OperatorRequest): Promise<string> {
  const dir = path.join(dataDir, OPERATOR_REQUESTS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const id = `${Date.now()}-${randomUUID()}`;
  const temp = path.join(dir, `${id}.tmp`);
  await writeFile(temp, JSON.stringify(request), { mode: 0o600 });
  await rename(temp, path.join(dir, `${id}${REQUEST_SUFFIX}`));
  return id;
}

/**
 * The answer to a request (and removes it), or undefined when none came within `timeoutMs`: the
 * request then stays and is applied when the process next looks (or starts).
 */
export async function awaitOperatorAnswer(
  dataDir: string,
  id: string,
  timeoutMs: number,
  pollMs = 100,
): Promise<OperatorAnswer | undefined> {
  const file = path.join(dataDir, OPERATOR_REQUESTS_DIR, `${id}${ANSWER_SUFFIX}`);
  for (let waited = 0; waited <= timeoutMs; waited += pollMs) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      await unlink(file).catch(() => undefined);
      return JSON.parse(text) as OperatorAnswer;
    }
    await sleep(pollMs);
  }
  return undefined;
}

/**
 * In the process that writes the data directory: applies the waiting requests, oldest first, and
 * answers each one. Every `intervalMs` until the returned stop function is called (which waits
 * for the round under way).
 *
 * @example
 *   const stop = watchOperatorRequests('./data', (request) => applyOperatorRequest(outbox, audit, request), 1000, logger);
 *   await stop();
 */
export function watchOperatorRequests(
  dataDir: string,
  apply: (request: OperatorRequest) => Promise<OperatorOutcome>,
  intervalMs: number,
  logger?: Logger,
): () => Promise<void> {
  let round: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    round = round.then(() =>
      answerWaitingRequests(dataDir, apply).then(
        () => undefined,
        (error: unknown) =>
          logger?.error({ err: error }, 'outbox: could not apply the requests in outbox-requests/'),
      ),
    );
  }, intervalMs);
  // The watcher alone must not keep a process alive.
  timer.unref();
  return async () => {
    clearInterval(timer);
    await round;
  };
}

/** One round: every waiting request applied and answered. Exported for start-up and tests. */
export async function answerWaitingRequests(
  dataDir: string,
  apply: (request: OperatorRequest) => Promise<OperatorOutcome>,
): Promise<number> {
  const dir = path.join(dataDir, OPERATOR_REQUESTS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const requests = names.filter((name) => name.endsWith(REQUEST_SUFFIX)).sort();
  for (const name of requests) {
    const file = path.join(dir, name);
    const id = name.slice(0, -REQUEST_SUFFIX.length);
    let answer: OperatorAnswer;
    try {
      answer = { ok: true, outcome: await apply(await readRequest(file)) };
    } catch (error) {
      const coded = asSocbotError(error);
      answer = { ok: false, code: coded.code, message: coded.message };
    }
    const temp = path.join(dir, `${id}.answer.tmp`);
    await writeFile(temp, JSON.stringify(answer), { mode: 0o600 });
    await rename(temp, path.join(dir, `${id}${ANSWER_SUFFIX}`));
    await unlink(file);
  }
  await removeUncollectedAnswers(dir, names);
  return requests.length;
}

async function readRequest(file: string): Promise<OperatorRequest> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    data = undefined;
  }
  const request = operatorRequestSchema.safeParse(data);
  if (!request.success) {
    throw new SocbotError(
      'INPUT_INVALID',
      `${file} is not a retry or drop request, so it was not applied. Use \`socbot outbox retry|drop <id>\`.`,
      { file },
    );
  }
  return request.data;
}

async function removeUncollectedAnswers(dir: string, names: readonly string[]): Promise<void> {
  const before = Date.now() - UNCOLLECTED_ANSWER_MS;
  for (const name of names.filter((candidate) => candidate.endsWith(ANSWER_SUFFIX))) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info && info.mtimeMs < before) await unlink(file).catch(() => undefined);
  }
}
