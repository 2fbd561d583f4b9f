import { outboxStoreOf } from '../../store/backend-stores';
import path from 'node:path';
import type { Command } from 'commander';
import { auditRepairs } from '../../app/data-dir-check';
import { setAsideTornTail } from '../../app/torn-tail';
import { AuditLog, auditFilePath } from '../../audit/audit-log';
import type { Config } from '../../config';
import { credentialValues } from '../../config/credential-values';
import { isSocbotError, SocbotError, type ErrorCode } from '../../errors';
import { JOB_KINDS } from '../../jobs/job-kinds';
import { Outbox } from '../../outbox/outbox';
import type { OutboxJob } from '../../outbox/outbox-job';
import {
  applyOperatorRequest,
  type OperatorOutcome,
  type OperatorRequest,
} from '../../outbox/operator-change';
import { awaitOperatorAnswer, submitOperatorRequest } from '../../outbox/operator-requests';
import { osOperator, processOperatorUid } from '../../outbox/os-operator';
import { countSideEffects } from '../../outbox/side-effect-counts';
import { DATA_DIR_LOCK_FILE_NAME } from '../../store/data-dir-lock';
import { PgOutboxStore } from '../../store/postgres/pg-outbox-store';
import { PgAuditTrail } from '../../store/postgres/pg-audit-trail';
import type { PostgresBackend } from '../../store/store-backend';
import { ProcessLock } from '../../store/process-lock';
import type { CliDeps } from '../cli-deps';
import { columns } from '../format';
import { withStoreBackend } from '../with-store-backend';

/** How long `retry`/`drop` wait for a running socbot to apply their request (it looks every second). */
const ANSWER_WAIT_MS = 10_000;

interface ListOptions {
  all?: boolean;
  json?: boolean;
}

/**
 * `socbot outbox list [--all] [--json]`, `socbot outbox retry <id>`, `socbot outbox drop <id>`:
 * the side effects (tickets, blocks, notices) waiting, retrying, given up or failed, and a person's
 * decision about one. Given-up and failed side effects are never tried again by themselves:
 * `retry` runs one again with a fresh retry budget, `drop` lets it go. Both are audited
 * (`operator`, with the OS account the CLI runs as) before the outbox changes.
 *
 * Next to a running `socbot serve` or `socbot chat` (which write the data directory), `retry` and
 * `drop` leave a request in `<dataDir>/outbox-requests/` that the running process applies and
 * audits within a second, naming the owner of the request file as the operator; with none running
 * they take the data directory for a moment, check the audit trail as start-up does (a cut-off
 * last line set aside) and apply it themselves. `list` only reads.
 *
 * With SOCBOT_DATABASE_URL the jobs are read and changed in the database (the table every replica
 * works from), not in outbox.json; the operator entry is audited as above.
 *
 * @example
 *   socbot outbox list
 *   socbot outbox retry job-3f2c…   # after ServiceNow is back
 */
export function register(program: Command, deps: CliDeps): void {
  const outbox = program
    .command('outbox')
    .description('the side effects socbot has queued: list them, retry or drop one that was given up');
  outbox
    .command('list')
    .description('list side effects that are not done (queued, retrying, given up, failed)')
    .option('--all', 'include the succeeded ones')
    .option('--json', 'print a JSON array')
    .action(async (options: ListOptions) => {
      const config = deps.config();
      const { jobs, where } = await withOutbox(config, async (outbox) => ({
        jobs: await outbox.list(),
        where: config.database ? outbox.path : `data directory ${config.dataDir}`,
      }));
      const shown = options.all ? jobs : jobs.filter((job) => job.status !== 'succeeded');
      deps.io.stdout.write(options.json ? `${JSON.stringify(shown, null, 2)}\n` : listing(shown, where));
    });
  for (const operation of ['retry', 'drop'] as const) {
    outbox
      .command(`${operation} <jobId>`)
      .description(
        operation === 'retry'
          ? 'run a given-up or failed side effect again, with a fresh retry budget (audited)'
          : 'remove a side effect that must not or need not happen any more (audited)',
      )
      .action(async (jobId: string) => {
        const request: OperatorRequest = {
          operation,
          jobId,
          // The account this process runs as, not $USER: anyone can set that.
          by: await osOperator(processOperatorUid()),
          via: 'cli',
        };
        deps.io.stdout.write(`${await apply(deps.config(), request, deps.now())}\n`);
      });
  }
}

/**
 * With SOCBOT_DATABASE_URL: applies the request to the shared outbox table and audits it in the
 * shared trail at once (every replica's worker sees it). Otherwise applies it here when no socbot
 * writes the data directory, else asks the one that does.
 */
async function apply(config: Config, request: OperatorRequest, now: Date): Promise<string> {
  return withStoreBackend(config, (backend) =>
    backend.kind === 'postgres'
      ? applyShared(backend, config, request)
      : applyToDataDir(config, request, now),
  );
}

/** The request applied to the database's outbox and audited in its trail, in this process. */
async function applyShared(
  backend: PostgresBackend,
  config: Config,
  request: OperatorRequest,
): Promise<string> {
  const audit = new PgAuditTrail(backend.db, () => new Date(), credentialValues(config));
  const store = new PgOutboxStore(backend.db, backend.replicaId);
  try {
    return described(
      await applyOperatorRequest(new Outbox({ dataDir: config.dataDir, store }), audit, request),
    );
  } finally {
    await audit.close();
  }
}

/** The request applied to `<dataDir>/outbox.json` here, or by the socbot that writes the data directory. */
async function applyToDataDir(config: Config, request: OperatorRequest, now: Date): Promise<string> {
  const { dataDir } = config;
  let lock: ProcessLock | undefined;
  try {
    lock = await ProcessLock.acquire(
      path.join(dataDir, DATA_DIR_LOCK_FILE_NAME),
      `the data directory ${dataDir}`,
      '',
      {
        note: JSON.stringify({ command: 'outbox' }),
      },
    );
  } catch (error) {
    if (!isSocbotError(error, 'DATA_DIR_IN_USE')) throw error;
  }
  if (lock) {
    const audit = new AuditLog(auditFilePath(dataDir), () => new Date(), credentialValues(config));
    try {
      // What the server checks at start before it appends: a crash's cut-off last line set aside
      // (and audited), the chain's end readable — else the operator entry could not be written.
      const repair = await setAsideTornTail(audit.file, now);
      await audit.check();
      if (repair) await auditRepairs(audit, [repair]);
      return described(await withOutbox(config, (outbox) => applyOperatorRequest(outbox, audit, request)));
    } finally {
      await audit.close();
      await lock.release();
    }
  }
  // The running socbot names the operator from the request file's owner, not from the file.
  const id = await submitOperatorRequest(dataDir, { operation: request.operation, jobId: request.jobId });
  const answer = await awaitOperatorAnswer(dataDir, id, ANSWER_WAIT_MS);
  if (!answer) {
    return (
      `The running socbot has not applied the request yet; it stays in ${path.join(dataDir, 'outbox-requests')} ` +
      `and is applied when socbot next looks. Check with \`socbot outbox list\`.`
    );
  }
  if (!answer.ok) throw new SocbotError(answer.code as ErrorCode, answer.message);
  return described(answer.outcome);
}

function described(outcome: OperatorOutcome): string {
  const job = `${outcome.jobId} (${outcome.type}${outcome.alertRef ? `, ${outcome.alertRef}` : ''})`;
  if (outcome.operation === 'drop')
    return `Dropped ${job}; it was ${outcome.statusBefore}. It will not be done.`;
  return outcome.changed
    ? `Queued ${job} again (it was ${outcome.statusBefore}); socbot tries it now, with a fresh retry budget, and tells the analyst the outcome.`
    : `Nothing to retry: ${job} is ${outcome.statusBefore}.`;
}

/**
 * Runs `work` on the outbox the configuration names: the database's table with SOCBOT_DATABASE_URL
 * (its pool closed afterwards), else `<dataDir>/outbox.json`. The CLI never starts a worker.
 */
async function withOutbox<T>(config: Config, work: (outbox: Outbox) => Promise<T>): Promise<T> {
  return withStoreBackend(config, (backend) =>
    work(new Outbox({ dataDir: config.dataDir, store: outboxStoreOf(backend) })),
  );
}

function listing(jobs: readonly OutboxJob[], where: string): string {
  if (jobs.length === 0) return `No side effects waiting (${where}).\n`;
  const counts = countSideEffects(jobs);
  const header = ['ID', 'STATUS', 'ATTEMPTS', 'ALERT', 'WHAT', 'LAST ERROR'];
  const rows = jobs.map((job) => [
    job.id,
    job.status,
    String(job.attempts),
    job.origin.alertRef ?? '',
    JOB_KINDS.wordingOf(job).task,
    job.lastError ? `${job.lastError.code}: ${job.lastError.message}`.slice(0, 120) : '',
  ]);
  const waiting = counts.givenUp + counts.failed;
  return (
    `${columns([header, ...rows], '')}\n` +
    `${counts.queued} queued, ${counts.running} running, ${counts.retrying} retrying, ${counts.givenUp} given up, ${counts.failed} failed.` +
    (waiting > 0
      ? ' Given-up and failed ones are NOT done: `socbot outbox retry <id>` or `socbot outbox drop <id>`.'
      : '') +
    '\n'
  );
}
