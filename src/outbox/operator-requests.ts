import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { asSocbotError, SocbotError, type ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { OperatorOutcome, OperatorRequest } from './operator-change';
import { osOperator } from './os-operator';

/**
 * What a CLI asks for in a request file: the operation and the job, nothing more. Who asked is the
 * file's owner (its uid), and the way is always the CLI: a file cannot claim to be an analyst in
 * a chat, or another operator.
 */
export type CliOperatorRequest = Pick<OperatorRequest, 'operation' | 'jobId'>;

/** A request file is data from another process: read through this schema, never trusted as it is. */
const cliRequestSchema = z
  .object({ operation: z.enum(['retry', 'drop']), jobId: z.string().min(1).max(200) })
  .strict() satisfies z.ZodType<CliOperatorRequest>;

/**
 * `<dataDir>/outbox-requests/`: retry and drop requests a CLI leaves for the socbot process that
 * writes the data directory (one process writes outbox.json and the audit trail: a second writer
 * would fork the hash chain), and that process's answers.
 */
export const OPERATOR_REQUESTS_DIR = 'outbox-requests';

/** How the writing process answered a request. */
export type OperatorAnswer =
  { ok: true; outcome: OperatorOutcome } | { ok: false; code: ErrorCode; message: string };

/** Every code, checked by the compiler: a code added to ErrorCode must be added here. */
const ERROR_CODES = {
  CONFIG_INVALID: true,
  CORPUS_NOT_FOUND: true,
  CORPUS_INVALID_JSON: true,
  CORPUS_INVALID: true,
  MODEL_NOT_FOUND: true,
  MODEL_INVALID: true,
  MODEL_STALE: true,
  TEST_SET_INVALID: true,
  USAGE: true,
  SKILL_INVALID: true,
  SKILLS_INCONSISTENT: true,
  STORAGE_CONFLICT: true,
  STORAGE_CORRUPT: true,
  DATA_DIR_IN_USE: true,
  DATA_DIR_UNSAFE: true,
  KEY_FILE_UNSAFE: true,
  INPUT_TOO_LARGE: true,
  INPUT_INVALID: true,
  UNAUTHORIZED: true,
  FORBIDDEN: true,
  INTEGRATION_FAILED: true,
  MAIL_KEYWORDS_INVALID: true,
  NOT_AVAILABLE: true,
  MAIL_UNREADABLE: true,
  MAIL_TOO_LARGE: true,
  DATABASE_UNAVAILABLE: true,
  DATABASE_BUSY: true,
  DATABASE_SCHEMA: true,
  CONVERSATION_BUSY: true,
  INTERNAL: true,
} as const satisfies Record<ErrorCode, true>;

const jobStatus = z.enum(['pending', 'running', 'succeeded', 'failed', 'given_up']);

/** An answer file is data from another process too: a damaged one is an error with a code, not a crash. */
const answerSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    outcome: z.object({
      jobId: z.string(),
      operation: z.enum(['retry', 'drop']),
      changed: z.boolean(),
      statusBefore: jobStatus,
      statusAfter: z.union([jobStatus, z.literal('dropped')]),
      type: z.string(),
      alertRef: z.string().optional(),
    }),
  }),
  z.object({
    ok: z.literal(false),
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
  }),
]) satisfies z.ZodType<OperatorAnswer>;

const REQUEST_SUFFIX = '.request.json';
const ANSWER_SUFFIX = '.answer.json';
/** Where an entry that could not be handled is moved, out of the way of the next rounds. */
const REJECTED_SUFFIX = '.rejected';
/** A request is a line of JSON; anything longer is not one. */
const MAX_FILE_BYTES = 16 * 1024;
/** Never follows a symbolic link planted in place of a file; never waits on a FIFO. */
const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/** An answer nobody collected (its CLI gave up waiting) is removed after this; the audit trail keeps what was done. */
const UNCOLLECTED_ANSWER_MS = 60 * 60 * 1000;

/**
 * Leaves a request for the process that writes the data directory; resolves with its id.
 * Written aside and renamed into place, so the watcher never reads half a request.
 *
 * @example
 *   const id = await submitOperatorRequest('./data', { operation: 'retry', jobId });
 *   const answer = await awaitOperatorAnswer('./data', id, 10_000);
 */
export async function submitOperatorRequest(dataDir: string, request: CliOperatorRequest): Promise<string> {
  const dir = path.join(dataDir, OPERATOR_REQUESTS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const id = `${Date.now()}-${randomUUID()}`;
  await writeInPlace(dir, `${id}${REQUEST_SUFFIX}`, cliRequestSchema.parse(request));
  return id;
}

/**
 * The answer to a request (and removes it), or undefined when none came within `timeoutMs`: the
 * request then stays and is applied when the process next looks (or starts). An answer that is
 * not one (damaged, or not written by socbot) throws STORAGE_CORRUPT.
 */
export async function awaitOperatorAnswer(
  dataDir: string,
  id: string,
  timeoutMs: number,
  pollMs = 100,
): Promise<OperatorAnswer | undefined> {
  const file = path.join(dataDir, OPERATOR_REQUESTS_DIR, `${id}${ANSWER_SUFFIX}`);
  for (let waited = 0; waited <= timeoutMs; waited += pollMs) {
    const text = await readSmallFile(file).catch(() => undefined);
    if (text !== undefined) {
      await unlink(file).catch(() => undefined);
      const answer = answerSchema.safeParse(parsedJson(text.content));
      if (answer.success) return answer.data;
      throw new SocbotError(
        'STORAGE_CORRUPT',
        `The answer to your request (${file}) cannot be read, so whether it was applied is unknown. Look with \`socbot outbox list --all\` and in the audit trail (\`socbot audit\`), then ask again if it still needs doing.`,
        { file },
      );
    }
    await sleep(pollMs);
  }
  return undefined;
}

/**
 * In the process that writes the data directory: applies the waiting requests, oldest first, and
 * answers each one. Every `intervalMs` until the returned stop function is called (which waits
 * for the round under way). An entry that cannot be handled is logged once and left behind.
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
  const troubled = new Set<string>();
  let round: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    round = round.then(() =>
      answerWaitingRequests(dataDir, apply, { logger, troubled }).then(
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

/**
 * One round: every waiting request applied and answered, each on its own — one bad entry never
 * holds up the others. An entry that is not a regular file (a directory, a symbolic link, a FIFO)
 * or not a request is answered INPUT_INVALID and moved aside (`….rejected`) unapplied. An entry
 * whose answer or removal fails is logged once and skipped in the later rounds of the same
 * `troubled` set, so it is never applied twice. Exported for start-up and tests.
 */
export async function answerWaitingRequests(
  dataDir: string,
  apply: (request: OperatorRequest) => Promise<OperatorOutcome>,
  options: { logger?: Logger | undefined; troubled?: Set<string> } = {},
): Promise<number> {
  const troubled = options.troubled ?? new Set<string>();
  const dir = path.join(dataDir, OPERATOR_REQUESTS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const requests = names.filter((name) => name.endsWith(REQUEST_SUFFIX) && !troubled.has(name)).sort();
  for (const name of requests) {
    try {
      await answerRequest(dir, name, apply);
    } catch (error) {
      troubled.add(name);
      options.logger?.error(
        { err: error, request: name },
        'outbox: a request in outbox-requests/ could not be answered or removed; it is skipped until socbot restarts. Remove it by hand.',
      );
    }
  }
  await removeUncollectedAnswers(dir, names);
  return requests.length;
}

async function answerRequest(
  dir: string,
  name: string,
  apply: (request: OperatorRequest) => Promise<OperatorOutcome>,
): Promise<void> {
  const file = path.join(dir, name);
  const id = name.slice(0, -REQUEST_SUFFIX.length);
  // Gone since the listing (answered by an earlier socbot on its way out): nothing to do.
  if (!(await lstat(file).catch(() => undefined))) return;
  let answer: OperatorAnswer;
  let isRequest = false;
  try {
    const request = await readRequest(file);
    isRequest = true;
    answer = { ok: true, outcome: await apply(request) };
  } catch (error) {
    const coded = asSocbotError(error);
    answer = { ok: false, code: coded.code, message: coded.message };
  }
  try {
    await writeInPlace(dir, `${id}${ANSWER_SUFFIX}`, answer);
  } finally {
    // Even without an answer the request goes: applied once, never again.
    if (isRequest) await unlink(file);
    else await rename(file, `${file}${REJECTED_SUFFIX}`);
  }
}

/** The request in `file`, with the operator it came from: the owner of the file. */
async function readRequest(file: string): Promise<OperatorRequest> {
  const entry = await lstat(file);
  if (!entry.isFile()) throw notARequest(file, 'it is not a regular file');
  const { content, uid } = await readSmallFile(file).catch((error: unknown) => {
    throw notARequest(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  });
  const request = cliRequestSchema.safeParse(parsedJson(content));
  if (!request.success) throw notARequest(file, 'it is not `{ "operation": "retry"|"drop", "jobId": "…" }`');
  return { ...request.data, by: await osOperator(uid), via: 'cli' };
}

function notARequest(file: string, why: string): SocbotError {
  return new SocbotError(
    'INPUT_INVALID',
    `${file} is not a retry or drop request (${why}), so it was not applied. Use \`socbot outbox retry|drop <id>\`.`,
    { file },
  );
}

/** A regular file's text and owner, read without following a link; larger than a request is an error. */
async function readSmallFile(file: string): Promise<{ content: string; uid: number }> {
  const handle = await open(file, READ_NO_FOLLOW);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_FILE_BYTES) {
      throw Object.assign(new Error(`${file} is not a small regular file`), { code: 'EINVAL' });
    }
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { content: buffer.subarray(0, bytesRead).toString('utf8'), uid: info.uid };
  } finally {
    await handle.close();
  }
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Writes `value` as `name` in `dir`: to a fresh file created exclusively (`wx`: a link planted
 * there is never followed), then renamed into place (a reader never sees half of it).
 */
async function writeInPlace(dir: string, name: string, value: unknown): Promise<void> {
  const temp = path.join(dir, `${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(value));
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path.join(dir, name));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function removeUncollectedAnswers(dir: string, names: readonly string[]): Promise<void> {
  const before = Date.now() - UNCOLLECTED_ANSWER_MS;
  for (const name of names.filter((candidate) => candidate.endsWith(ANSWER_SUFFIX))) {
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < before) await unlink(file).catch(() => undefined);
  }
}
