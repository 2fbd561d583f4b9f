import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startPostgresCluster } from '../../test/helpers/postgres-cluster';

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
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const cluster = await startPostgresCluster();
  const admin = new Client({ connectionString: cluster.adminUrl });
  try {
    await admin.connect();
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

/**
 * CPU ticks of the postmaster (its own, and those of children it has reaped: backends of closed
 * connections) plus those of its live children (backends, checkpointer, WAL writer, autovacuum).
 */
function postgresCpuTicks(postmaster: number): number {
  const own = statFields(postmaster);
  if (!own) return 0;
  // utime, stime, cutime, cstime: fields 14-17 of /proc/<pid>/stat.
  let ticks = own.slice(11, 15).reduce((sum, value) => sum + value, 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    // Field 4 is the parent's pid.
    if (fields && fields[1] === postmaster) ticks += (fields[11] ?? 0) + (fields[12] ?? 0);
  }
  return ticks;
}

/** The numeric fields of /proc/<pid>/stat after the command name (field 3 on), or undefined. */
function statFields(pid: number): number[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    return text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map((field) => Number(field));
  } catch {
    return undefined;
  }
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
