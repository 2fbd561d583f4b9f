/**
 * Next-steps benchmark: what an offer of next steps (an alert card, a look-up) costs as the history
 * grows. A SOC's register and audit trail only grow (every alert, change, command, confirmation and
 * result), and an offer follows them: before, each offer read the whole register, and the whole
 * trail again after any new entry; now it reads what was registered, changed and appended since the
 * last offer (LifecycleLedger, StepLedger), and the model's counts are kept per kind for the alerts
 * that changed (SimilarAlerts). Printed per store: building the whole history at once
 * (what every offer did before, and still `socbot insights`), the advisor's first offer, and its
 * offers after one new audit entry and one change each.
 *
 *   npm run bench:next-steps                                   # files, 2,000 alerts × 11 entries
 *   npm run bench:next-steps -- --alerts 10000 --postgres      # also PostgreSQL (Debian's postgresql)
 *
 * Everything runs on 127.0.0.1 in a temporary directory (PostgreSQL as a throwaway cluster).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readAlertHistory } from '../src/app/next-steps/alert-history';
import { createNextStepAdvisor } from '../src/app/next-steps/next-step-advisor';
import type { AuditRecord } from '../src/audit/audit-entry';
import { AuditLog, auditFilePath } from '../src/audit/audit-log';
import type { AuditTrail } from '../src/audit/audit-trail';
import { Database } from '../src/db/database';
import { loadDatabaseSettings } from '../src/db/database-settings';
import { migrate } from '../src/db/migrations';
import { loadSkillRegistry } from '../src/skills/skill-registry';
import type { AlertChangeRequest } from '../src/store/alert-change';
import { AlertRegister } from '../src/store/alert-register';
import type { AlertStore } from '../src/store/alert-store';
import { PgAlertRegister } from '../src/store/postgres/pg-alert-register';
import { PgAuditTrail } from '../src/store/postgres/pg-audit-trail';
import { startBenchPostgres } from './turns/bench-postgres';

interface Options {
  alerts: number;
  offers: number;
  postgres: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string): string => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
  };
  const count = (name: string, fallback: string): number => {
    const n = Number(value(name, fallback));
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name}: "${value(name, fallback)}" is not a whole number ≥ 1`);
    return n;
  };
  return {
    alerts: count('alerts', '2000'),
    offers: count('offers', '30'),
    postgres: argv.includes('--postgres'),
  };
}

interface Stores {
  alerts: AlertStore;
  audit: AuditTrail;
  close(): Promise<void>;
}

const ana = { id: 'ana@corp.com', name: 'Ana', role: 'analyst' };
const SYSTEMS = ['PRD', 'QAS', 'DEV', 'ERP'];
const PATTERNS = ['Debugging in production', 'Critical authorization assigned', 'Brute force logon'];

/**
 * Writes `count` alerts the way turns do: registered, then taken, investigated, noted and closed,
 * each change's `command` entry and each skill's `confirmation` and `result` (11 entries an alert).
 */
async function writeHistory(stores: Stores, count: number): Promise<void> {
  const chunk = 200;
  for (let from = 0; from < count; from += chunk) {
    await Promise.all(
      Array.from({ length: Math.min(chunk, count - from) }, async (_, offset) => {
        const n = from + offset;
        const alert = await stores.alerts.add({
          alertId: `bench-${n}`,
          terminal: `PC-${n % 97}`,
          username: n % 3 === 0 ? 'DDIC' : `USER${n % 50}`,
          system: SYSTEMS[n % SYSTEMS.length] ?? 'PRD',
          priority: `P${(n % 4) + 1}`,
          createdBy: 'siem',
          conversationId: '',
          requestId: `siem:bench-${n}`,
          title: PATTERNS[n % PATTERNS.length] ?? 'x',
        });
        const steps: Array<[skill: string, change?: Omit<AlertChangeRequest, 'ref' | 'by' | 'requestId'>]> = [
          ['take-alert', { action: 'lead', lead: ana.id, leadName: ana.name }],
          ['investigate-incident'],
          ['note-alert', { action: 'note', note: 'called the user' }],
          ['close-alert', { action: 'close', classification: 'true_positive' }],
        ];
        for (const [index, [skill, change]] of steps.entries()) {
          const requestId = `turn-${n}-${index}`;
          const entries: AuditRecord[] = [
            {
              actor: ana,
              action: 'confirmation',
              summary: skill,
              result: 'confirmed',
              details: { requestId },
            },
          ];
          if (change) {
            const outcome = await stores.alerts.change({
              ref: alert.ref,
              by: ana.name,
              requestId,
              ...change,
            });
            entries.push({
              actor: ana,
              action: 'command',
              summary: `${change.action} ${alert.ref}`,
              result: `${outcome.change.from} → ${outcome.change.to}`,
              alertRef: alert.ref,
              details: { requestId, change: change.action },
            });
          }
          entries.push({
            actor: ana,
            action: 'result',
            summary: skill,
            result: `done: ${alert.ref}`,
            alertRef: alert.ref,
            details: { skill, requestId },
          });
          for (const record of entries) await stores.audit.append(record);
        }
      }),
    );
  }
}

const ms = (from: number): number => performance.now() - from;
const fmt = (n: number): string => n.toFixed(1);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(name: string, stores: Stores, options: Options): Promise<string> {
  const started = performance.now();
  await writeHistory(stores, options.alerts);
  await stores.audit.flush();
  const entries = (await stores.audit.head()).seq;
  console.error(
    `${name}: ${options.alerts} alerts, ${entries} audit entries written in ${fmt(ms(started) / 1000)} s`,
  );
  const skills = (await loadSkillRegistry()).skills;
  const asker = { id: ana.id, skills, mayUse: async () => true };
  // Before: each offer after the trail moved built the history from the whole trail.
  const whole: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const t = performance.now();
    await readAlertHistory(stores.alerts, [], stores.audit);
    whole.push(ms(t));
  }
  const advisor = createNextStepAdvisor({
    alerts: stores.alerts,
    audit: stores.audit,
    vipUsers: [],
    log: { append: async () => undefined },
  });
  const ref = (await stores.alerts.list()).at(-1)?.ref ?? '';
  let t = performance.now();
  await advisor.offer(ref, asker);
  const first = ms(t);
  // Now: a turn makes a change and audits it, the next offer reads on.
  const after: number[] = [];
  for (let i = 0; i < options.offers; i += 1) {
    await stores.alerts.change({
      ref,
      action: 'note',
      note: `note ${i}`,
      by: ana.name,
      requestId: `note-${i}`,
    });
    await stores.audit.append({
      actor: ana,
      action: 'command',
      summary: `look up ${ref}`,
      alertRef: ref,
      details: { requestId: `look-${i}` },
    });
    t = performance.now();
    await advisor.offer(ref, asker);
    after.push(ms(t));
  }
  const line = `| ${name} | ${options.alerts} | ${entries} | ${fmt(percentile(whole, 50))} | ${fmt(first)} | ${fmt(percentile(after, 50))} | ${fmt(percentile(after, 95))} |`;
  console.error(line);
  return line;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const work = await mkdtemp(path.join(tmpdir(), 'socbot-bench-next-steps-'));
  const lines: string[] = [];
  try {
    const fileAlerts = new AlertRegister(work);
    const fileAudit = new AuditLog(auditFilePath(work));
    lines.push(
      await measure('files', { alerts: fileAlerts, audit: fileAudit, close: async () => undefined }, options),
    );
    await fileAlerts.close();
    await fileAudit.close();
    if (options.postgres) {
      const postgres = await startBenchPostgres();
      try {
        const settings = loadDatabaseSettings({
          SOCBOT_DATABASE_URL: await postgres.createDatabase('socbot_next_steps'),
        });
        if (!settings) throw new Error('no database settings');
        await migrate(settings);
        const db = new Database(settings);
        try {
          lines.push(
            await measure(
              'PostgreSQL',
              { alerts: new PgAlertRegister(db), audit: new PgAuditTrail(db), close: async () => undefined },
              options,
            ),
          );
        } finally {
          await db.close();
        }
      } finally {
        await postgres.stop();
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log(
    [
      '| store | alerts | audit entries | whole history built (ms, median of 3: every offer before) | first offer (ms) | offer after one change and one audit entry, p50 (ms) | p95 (ms) |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...lines,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
