import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startPostgresCluster } from '../../test/helpers/postgres-cluster';
import { clockTicksPerSecond, procStatFields } from './proc-stat';

/**
 * The PostgreSQL of the turns benchmark: a throwaway cluster on 127.0.0.1 (Debian's `postgresql`
 * package, as the tests use), an empty database per benchmark mode (socbot migrates it at start),
 * and the CPU time the whole server used, so a turn's cost in PostgreSQL mode counts the database's
 * work as well as socbot's.
 *
 * @example
 *   const pg = await startBenchPostgres();
 *   const url = await pg.createDatabase('socbot_bench_1');
 *   const before = pg.cpuMicros(); … ; const usedMicros = pg.cpuMicros() - before;
 */
export interface BenchPostgres {
  /** Creates an empty database and returns its URL (for SOCBOT_DATABASE_URL). */
  createDatabase(name: string): Promise<string>;
  /** User + system CPU time of the postmaster and every PostgreSQL process so far, in µs. */
  cpuMicros(): number;
  /** With `statements`: forgets what statements cost so far (e.g. in the warm-up). */
  resetStatementCosts(): Promise<void>;
  /** With `statements`: what each statement run in `database` cost since the last reset, dearest first. */
  statementCosts(database: string): Promise<StatementCost[]>;
  stop(): Promise<void>;
}

export interface BenchPostgresOptions {
  /**
   * Preloads pg_stat_statements, tracking statements inside functions too and their planning, so
   * `statementCosts` can say where PostgreSQL's time per turn goes (it costs some CPU itself).
   */
  statements?: boolean;
}

const STATEMENT_SETTINGS = [
  'shared_preload_libraries=pg_stat_statements',
  'pg_stat_statements.track=all',
  'pg_stat_statements.track_planning=on',
];

export async function startBenchPostgres(options: BenchPostgresOptions = {}): Promise<BenchPostgres> {
  const cluster = await startPostgresCluster(options.statements ? STATEMENT_SETTINGS : []);
  const admin = new Client({ connectionString: cluster.adminUrl });
  const needStatements = () => {
    if (!options.statements) throw new Error('statement costs need startBenchPostgres({ statements: true })');
  };
  try {
    await admin.connect();
    if (options.statements) await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { rows } = await admin.query<{ data_directory: string }>('SHOW data_directory');
    const dataDir = rows[0]?.data_directory ?? '';
    // The first line of postmaster.pid is the postmaster's process id.
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const ticksPerSecond = clockTicksPerSecond();
    return {
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
        await admin.query(`CREATE DATABASE ${name}`);
        return cluster.adminUrl.replace(/\/postgres$/, `/${name}`);
      },
      cpuMicros: () => (postgresCpuTicks(postmaster) / ticksPerSecond) * 1e6,
      async resetStatementCosts() {
        needStatements();
        await admin.query('SELECT pg_stat_statements_reset()');
      },
      async statementCosts(database) {
        needStatements();
        const { rows } = await admin.query<StatementCostRow>(STATEMENT_COSTS_SQL, [database]);
        return rows.map((row) => ({
          statement: row.query.replace(/\s+/g, ' '),
          topLevel: row.toplevel,
          calls: Number(row.calls),
          plans: Number(row.plans),
          planMs: row.total_plan_time,
          execMs: row.total_exec_time,
        }));
      },
      async stop() {
        await admin.end().catch(() => undefined);
        await cluster.stop();
      },
    };
  } catch (error) {
    await admin.end().catch(() => undefined);
    await cluster.stop();
    throw error;
  }
}

/** One statement's cost in one database, from pg_stat_statements. */
export interface StatementCost {
  readonly statement: string;
  /** False for a statement run inside a function or procedure (its time is in its caller's too). */
  readonly topLevel: boolean;
  readonly calls: number;
  readonly plans: number;
  readonly planMs: number;
  readonly execMs: number;
}

interface StatementCostRow {
  query: string;
  toplevel: boolean;
  calls: string;
  plans: string;
  total_plan_time: number;
  total_exec_time: number;
}

const STATEMENT_COSTS_SQL = `
  SELECT s.query, s.toplevel, s.calls, s.plans, s.total_plan_time, s.total_exec_time
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
   WHERE d.datname = $1
   ORDER BY s.total_plan_time + s.total_exec_time DESC`;

/**
 * CPU ticks of the postmaster (its own, and those of children it has reaped: backends of closed
 * connections) plus those of its live children (backends, checkpointer, WAL writer, autovacuum).
 */
function postgresCpuTicks(postmaster: number): number {
  const own = procStatFields(`/proc/${postmaster}/stat`);
  if (!own) return 0;
  // utime, stime, cutime, cstime: fields 14-17 of /proc/<pid>/stat.
  let ticks = own.slice(11, 15).reduce((sum, value) => sum + value, 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = procStatFields(`/proc/${entry}/stat`);
    // Field 4 is the parent's pid.
    if (fields && fields[1] === postmaster) ticks += (fields[11] ?? 0) + (fields[12] ?? 0);
  }
  return ticks;
}
