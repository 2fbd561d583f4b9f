/**
 * Turns benchmark: full Bot Framework turns per second and p50/p99 latency over real HTTP at 1, 16
 * and 64 concurrent conversations, in the same run for: a bare echo bot on the same restify +
 * botbuilder stack, socbot embedded (lowdb files), socbot on PostgreSQL (SOCBOT_DATABASE_URL) as one
 * replica, and as two replicas behind a round-robin proxy (issue 15), and two echo bots behind the
 * proxy (what two processes sharing the machine cost by themselves); then a soak of embedded socbot
 * (10,000 turns over 1,000 conversations) that reports the server's RSS and checks its data files
 * are valid JSON. CPU per turn counts the socbot processes and, in PostgreSQL mode, the database's.
 *
 *   npm run bench:turns                       # full run (PostgreSQL modes need Debian's postgresql)
 *   npm run bench:turns -- --turns 300 --soak-turns 2000 --soak-conversations 200   # quick look
 *   npm run bench:turns -- --modes echo,embedded   # without PostgreSQL
 *   npm run bench:turns -- --levels 1,16,16,16,16   # four rounds at 16, the modes forward and backward in turn
 *   npm run bench:turns -- --modes postgres-1,postgres-2 --levels 16 --pg-statements   # PostgreSQL's time per statement
 *   npm run bench:turns -- --warm-up 10000   # warm-up turns per server process (default 1,000), in rounds of 1,000
 *
 * Everything runs on 127.0.0.1: each server in a child process, the load, the proxy and a connector
 * stand-in here, PostgreSQL as a throwaway cluster (test/helpers/postgres-cluster.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../src/nlu/corpus/load-corpus';
import { saveModel } from '../src/nlu/model-file';
import { trainModel } from '../src/nlu/train-model';
import { startConnectorStandIn } from '../test/helpers/connector-stand-in';
import { startRoundRobinProxy, type RoundRobinProxy } from '../test/helpers/round-robin-proxy';
import { startBenchPostgres, type BenchPostgres } from './turns/bench-postgres';
import { formatStatementCosts } from './turns/statement-costs';
import { echoScript, socbotScript, type ConversationScript } from './turns/conversation-script';
import type { TurnStats } from './turns/latency-stats';
import { BENCH_ANALYSTS, benchAnalystId, runLoad, type ErrorSamples } from './turns/run-load';

/** The project root, from bench/ under tsx or from dist/bench/ when compiled. */
const ROOT = path.resolve(__dirname, existsSync(path.join(__dirname, '..', 'package.json')) ? '..' : '../..');
type BotKind = 'echo' | 'socbot';
/**
 * What is measured side by side: the echo bot, socbot on files, socbot on PostgreSQL ×1 and ×2, and
 * the echo bot ×2 behind the same proxy: what two processes sharing the cores cost without socbot.
 */
type Mode = 'echo' | 'embedded' | 'postgres-1' | 'postgres-2' | 'echo-2';
const MODES: readonly Mode[] = ['echo', 'embedded', 'postgres-1', 'postgres-2', 'echo-2'];

interface Options {
  turns: number;
  levels: number[];
  modes: Mode[];
  soakTurns: number;
  soakConversations: number;
  /** Where PostgreSQL's time goes, per statement (pg_stat_statements); costs some CPU itself. */
  pgStatements: boolean;
  /** Warm-up turns per server process before anything is measured. */
  warmUpTurns: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string): string => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
  };
  return {
    turns: Number(value('turns', '1000')),
    levels: value('levels', '1,16,64').split(',').map(Number),
    modes: value('modes', MODES.join(','))
      .split(',')
      .map((mode) => {
        if (!(MODES as readonly string[]).includes(mode))
          throw new Error(`--modes: "${mode}" is not one of ${MODES.join(', ')}`);
        return mode as Mode;
      }),
    soakTurns: Number(value('soak-turns', '10000')),
    soakConversations: Number(value('soak-conversations', '1000')),
    pgStatements: argv.includes('--pg-statements'),
    warmUpTurns: wholeNumber('warm-up', value('warm-up', '1000')),
  };
}

/** A count given on the command line: a whole number ≥ 0, or the run stops saying which option is wrong. */
function wholeNumber(option: string, text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`--${option}: "${text}" is not a whole number ≥ 0`);
  return count;
}

interface ServerStats {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  cpuMicros: number;
  mainThreadCpuMicros: number;
}

/** A server child process and its IPC. */
interface ServerChild {
  url: string;
  /**
   * Resident memory and CPU time (user + system) used so far, of the server process, and of its
   * main thread alone (on Linux).
   */
  stats(afterGc?: boolean): Promise<ServerStats>;
  stop(): Promise<boolean>;
}

/** Every server process started, so a failed run does not leave one behind. */
const serverProcesses: ChildProcess[] = [];

async function startServerChild(kind: BotKind, env: Record<string, string>): Promise<ServerChild> {
  const script = path.join(__dirname, 'turns', `server-process${path.extname(__filename)}`);
  const child: ChildProcess = fork(script, [kind], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    execArgv: [
      ...process.execArgv,
      // So that the 'stats-after-gc' samples really follow a full GC.
      '--expose-gc',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/socbot-prof'] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  serverProcesses.push(child);
  const next = (type: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>): void => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null): void =>
        reject(new Error(`${kind} server exited (${code}) before "${type}"`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { url } = (await next('listening')) as { url: string };
  return {
    url,
    async stats(afterGc = false) {
      const reply = next('stats');
      child.send(afterGc ? 'stats-after-gc' : 'stats');
      const { rss, heapTotal, heapUsed, cpuMicros, mainThreadCpuMicros } =
        (await reply) as unknown as ServerStats;
      return { rss, heapTotal, heapUsed, cpuMicros, mainThreadCpuMicros };
    },
    async stop() {
      const reply = next('stopped');
      child.send('stop');
      const { drained } = (await reply) as { drained: boolean };
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      return drained;
    },
  };
}

/** One mode at one concurrency. */
type MeasuredRow = {
  mode: Mode;
  concurrency: number;
  /** CPU of the socbot (or echo) server processes, all replicas together. */
  serverCpuMsPerTurn: number;
  /** CPU of PostgreSQL (every process of the cluster) in PostgreSQL modes, else 0. */
  postgresCpuMsPerTurn: number;
  /** CPU of this process (load generator, connector stand-in, the proxy of postgres-2), which shares the machine. */
  loadCpuMsPerTurn: number;
} & TurnStats & {
    errorSamples: ErrorSamples;
  };

/** What one mode's load is sent to: one server, or replicas behind the round-robin proxy. */
interface BenchTarget {
  mode: Mode;
  url: string;
  servers: ServerChild[];
  script: ConversationScript;
  proxy?: RoundRobinProxy;
  /** The database of a PostgreSQL mode. */
  database?: string;
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const work = await mkdtemp(path.join(tmpdir(), 'socbot-bench-turns-'));
  const modelPath = path.join(work, 'models', 'socbot.model.json');
  const corpusPath = path.join(ROOT, 'corpus');
  // The work directory goes whatever happens, including a corpus that does not train.
  const connector = await startConnectorStandIn().catch(async (error: unknown) => {
    await rm(work, { recursive: true, force: true });
    throw error;
  });
  const envFor = (dataDir: string, databaseUrl?: string): Record<string, string> => ({
    SOCBOT_DATA_DIR: dataDir,
    SOCBOT_MODEL: modelPath,
    SOCBOT_CORPUS: corpusPath,
    // The simulated analysts may register alerts (socbot refuses users without a role).
    SOCBOT_ROLES: `analyst:${Array.from({ length: BENCH_ANALYSTS }, (_, i) => benchAnalystId(i)).join(',')}`,
    ...(databaseUrl ? { SOCBOT_DATABASE_URL: databaseUrl } : {}),
  });
  let postgres: BenchPostgres | undefined;
  const targets: BenchTarget[] = [];
  /** Starts a mode's server(s); PostgreSQL modes get an empty database of their own. */
  const startTarget = async (mode: Mode): Promise<BenchTarget> => {
    const data = (name: string): string => path.join(work, `data-${name}`);
    if (mode === 'echo') {
      const server = await startServerChild('echo', envFor(data('echo')));
      return { mode, url: server.url, servers: [server], script: echoScript };
    }
    if (mode === 'echo-2') {
      const servers = await Promise.all(
        [0, 1].map((i) => startServerChild('echo', envFor(data(`echo-replica-${i}`)))),
      );
      const proxy = await startRoundRobinProxy(servers.map((server) => server.url));
      return { mode, url: proxy.url, servers, script: echoScript, proxy };
    }
    if (mode === 'embedded') {
      const server = await startServerChild('socbot', envFor(data('socbot')));
      return { mode, url: server.url, servers: [server], script: socbotScript };
    }
    if (!postgres) throw new Error(`${mode} needs PostgreSQL`);
    const replicas = mode === 'postgres-1' ? 1 : 2;
    const database = `socbot_bench_${replicas}`;
    const databaseUrl = await postgres.createDatabase(database);
    // Started together, as replicas of a deployment are: the schema migrates once, one at a time.
    const servers = await Promise.all(
      Array.from({ length: replicas }, (_, i) =>
        startServerChild('socbot', envFor(data(`${mode}-replica-${i}`), databaseUrl)),
      ),
    );
    if (replicas === 1) return { mode, url: servers[0]!.url, servers, script: socbotScript, database };
    const proxy = await startRoundRobinProxy(servers.map((server) => server.url));
    return { mode, url: proxy.url, servers, script: socbotScript, proxy, database };
  };

  try {
    await saveModel(await trainModel(loadCorpus(corpusPath, { strict: true })), modelPath);
    // 1. Throughput and latency, the modes alternating at each level.
    const wantsPostgres = options.modes.some((mode) => mode.startsWith('postgres'));
    if (wantsPostgres) postgres = await startBenchPostgres({ statements: options.pgStatements });
    for (const mode of options.modes) targets.push(await startTarget(mode));
    const rows: MeasuredRow[] = [];
    // Warm-up in chunks of 1,000 turns per server process, the modes taking turns, so no server
    // sits idle for long before it is measured.
    for (let chunk = 0; chunk * 1000 < options.warmUpTurns; chunk += 1) {
      for (const target of targets) {
        await runLoad({
          serverUrl: target.url,
          connector,
          script: target.script,
          concurrency: 16,
          conversations: 32,
          turns: Math.min(1000, options.warmUpTurns - chunk * 1000) * target.servers.length,
          runId: `warm-${target.mode}-${chunk}`,
        });
      }
    }
    if (postgres && options.pgStatements) await postgres.resetStatementCosts();
    for (const [round, concurrency] of options.levels.entries()) {
      // Every other round in reverse order: the machine's speed drifts during a run (a shared VM's
      // steal time), and a fixed order would let the mode measured last in each round gain from it.
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
        connector.clear();
        const cpuBefore = await serverCpuMicros(target);
        const postgresBefore = postgres?.cpuMicros() ?? 0;
        const loadCpuBefore = process.cpuUsage();
        const stats = await runLoad({
          serverUrl: target.url,
          connector,
          script: target.script,
          concurrency,
          conversations: concurrency * 2,
          turns: options.turns,
          // Each round its own alert IDs: socbot asks before registering an alert ID a second time.
          runId: `${target.mode}-${concurrency}-${round}`,
        });
        const loadCpu = process.cpuUsage(loadCpuBefore);
        const cpuAfter = await serverCpuMicros(target);
        const perTurn = (micros: number): number => micros / 1000 / stats.turns;
        const serverCpuMsPerTurn = perTurn(cpuAfter.all - cpuBefore.all);
        const postgresCpuMsPerTurn = target.mode.startsWith('postgres')
          ? perTurn((postgres?.cpuMicros() ?? 0) - postgresBefore)
          : 0;
        rows.push({
          mode: target.mode,
          concurrency,
          serverCpuMsPerTurn,
          postgresCpuMsPerTurn,
          loadCpuMsPerTurn: perTurn(loadCpu.user + loadCpu.system),
          ...stats,
        });
        // The main thread runs socbot's JavaScript; the rest is V8's compiler and GC threads and libuv's.
        const mainMs = perTurn(cpuAfter.mainThread - cpuBefore.mainThread);
        console.error(
          `${target.mode} @${concurrency}: ${fmt(stats.turnsPerSecond)} turns/s, p99 ${fmt(stats.p99Ms)} ms, ${stats.errors} errors, server CPU ${fmt(serverCpuMsPerTurn, 2)} ms/turn (main thread ${fmt(mainMs, 2)})`,
        );
      }
    }
    const statementReports: string[] = [];
    for (const target of targets) {
      if (!postgres || !options.pgStatements || !target.database) continue;
      const turns = rows.filter((row) => row.mode === target.mode).reduce((sum, row) => sum + row.turns, 0);
      statementReports.push(
        formatStatementCosts(target.mode, await postgres.statementCosts(target.database), turns),
      );
    }
    for (const target of targets.splice(0)) await stopTarget(target);

    // 2. Soak: a fresh socbot, many conversations; RSS sampled as it goes; data files checked after.
    const soakDir = path.join(work, 'data-soak');
    const soak = await startServerChild('socbot', envFor(soakDir));
    const startStats = await soak.stats(true);
    let peakRss = startStats.rss;
    connector.clear();
    const samples: Array<Promise<void>> = [];
    const soakStats = await runLoad({
      serverUrl: soak.url,
      connector,
      script: socbotScript,
      concurrency: 16,
      conversations: options.soakConversations,
      turns: options.soakTurns,
      runId: 'soak',
      onProgress: (done) => {
        samples.push(
          soak.stats().then(({ rss, heapTotal, heapUsed }) => {
            peakRss = Math.max(peakRss, rss);
            console.error(
              `soak: ${done} turns, RSS ${mb(rss)}, V8 heap ${mb(heapTotal)} (${mb(heapUsed)} used)`,
            );
          }),
        );
        // Only the log: turns in flight still need their replies (clearing all of it here made
        // replies vanish before their turn was checked, counted as errors).
        connector.clearLog();
      },
    });
    await Promise.all(samples);
    const endStats = await soak.stats();
    const endRss = endStats.rss;
    const soakCpuMsPerTurn =
      (endStats.cpuMicros - startStats.cpuMicros) / 1000 / (soakStats.turns + soakStats.errors);
    peakRss = Math.max(peakRss, endRss);
    // heapUsed right after gc() still counts pages V8 has not swept yet: a hint, not a leak test
    // (for that, run with BENCH_HEAP_SNAPSHOTS=1 and compare the snapshots of soak start and end).
    const heapUsedAfterGc = { start: startStats.heapUsed, end: (await soak.stats(true)).heapUsed };
    const drained = await soak.stop();
    const fileChecks = await checkJsonFiles(soakDir);

    // 3. Report.
    const byKey = (mode: Mode, c: number) => rows.find((row) => row.mode === mode && row.concurrency === c);
    const lines = [
      '| mode | concurrent conversations | turns | turns/s | p50 ms | p99 ms | server CPU ms/turn | PostgreSQL CPU ms/turn | load generator CPU ms/turn | errors |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.mode} | ${r.concurrency} | ${r.turns} | ${fmt(r.turnsPerSecond)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.serverCpuMsPerTurn, 2)} | ${fmt(r.postgresCpuMsPerTurn, 2)} | ${fmt(r.loadCpuMsPerTurn, 2)} | ${r.errors} |`,
      ),
    ];
    // A level given more than once (`--levels 16,16,16,16`) runs the modes that many rounds, forward
    // and backward in turn; the figures at 16 are taken over all of them, so a drift of the machine's
    // speed during the run weighs on every mode alike: throughput and CPU per turn over every round's
    // turns, the p99 of the median round.
    const roundsAt16 = (mode: Mode): MeasuredRow[] =>
      rows.filter((row) => row.mode === mode && row.concurrency === 16);
    const turnsPerSecondAt16 = (mode: Mode): number => {
      const measured = roundsAt16(mode);
      const seconds = measured.reduce((sum, row) => sum + row.seconds, 0);
      return seconds > 0 ? measured.reduce((sum, row) => sum + row.turns, 0) / seconds : Number.NaN;
    };
    const cpuPerTurnAt16 = (mode: Mode, withPostgres = true): number => {
      const measured = roundsAt16(mode);
      const turns = measured.reduce((sum, row) => sum + row.turns, 0);
      const cpu = measured.reduce(
        (sum, row) =>
          sum + (row.serverCpuMsPerTurn + (withPostgres ? row.postgresCpuMsPerTurn : 0)) * row.turns,
        0,
      );
      return turns > 0 ? cpu / turns : Number.NaN;
    };
    const medianRoundAt16 = (mode: Mode): MeasuredRow | undefined => {
      const sorted = [...roundsAt16(mode)].sort((a, b) => a.p99Ms - b.p99Ms);
      return sorted[Math.floor((sorted.length - 1) / 2)];
    };
    const rounds = roundsAt16('embedded').length;
    const overRounds = rounds > 1 ? ` over ${rounds} rounds` : '';
    const socbotAt16 = medianRoundAt16('embedded');
    const ratio = turnsPerSecondAt16('embedded') / turnsPerSecondAt16('echo');
    const totalErrors = rows.reduce((sum, r) => sum + r.errors, 0) + soakStats.errors;
    // Issue 15: a turn on PostgreSQL (socbot + the database) costs at most 1.5× the embedded turn's CPU.
    const postgresTargets = (['postgres-1', 'postgres-2'] as const)
      .filter((mode) => byKey(mode, 16))
      .map((mode) => {
        const factor = cpuPerTurnAt16(mode) / cpuPerTurnAt16('embedded');
        const socbotOnly = cpuPerTurnAt16(mode, false) / cpuPerTurnAt16('embedded');
        return `${mode} CPU per turn at 16 (socbot + PostgreSQL) / embedded${overRounds}: ${fmt(factor, 2)} (target <= 1.5) ${factor <= 1.5 ? 'MET' : 'MISSED'}; socbot processes alone ${fmt(socbotOnly, 2)}`;
      });
    const goals = [
      `socbot/echo throughput at 16${overRounds}: ${fmt(ratio, 2)} (target >= 0.5) ${ratio >= 0.5 ? 'MET' : 'MISSED'}`,
      `socbot p99 at 16${rounds > 1 ? ' (the median round)' : ''}: ${fmt(socbotAt16?.p99Ms ?? Number.NaN)} ms (target <= 50) ${(socbotAt16?.p99Ms ?? Infinity) <= 50 ? 'MET' : 'MISSED'}`,
      ...postgresTargets,
      ...(byKey('echo-2', 16) && byKey('echo', 16)
        ? [
            `for comparison, two echo processes behind the proxy / one, CPU per turn at 16${overRounds}: ${fmt(cpuPerTurnAt16('echo-2') / cpuPerTurnAt16('echo'), 2)} (what sharing the cores costs without socbot or PostgreSQL)`,
          ]
        : []),
      `socbot at 16 by step (p50 / p99 ms): ${Object.entries(socbotAt16?.byStep ?? {})
        .map(([step, s]) => `${step} ${fmt(s.p50Ms)} / ${fmt(s.p99Ms)}`)
        .join(', ')}`,
      `errors: ${totalErrors} (target 0) ${totalErrors === 0 ? 'MET' : 'MISSED'}`,
      `soak: ${soakStats.turns + soakStats.errors} turns over ${options.soakConversations} conversations in ${fmt(soakStats.seconds)} s ` +
        `(${fmt(soakStats.turnsPerSecond)} turns/s, p50 ${fmt(soakStats.p50Ms)} ms, p99 ${fmt(soakStats.p99Ms)} ms, server CPU ${fmt(soakCpuMsPerTurn, 2)} ms/turn); ` +
        `RSS at start ${mb(startStats.rss)}, peak ${mb(peakRss)}, at end ${mb(endRss)} (target < 250 MB) ${peakRss < 250 * 1024 * 1024 ? 'MET' : 'MISSED'}; ` +
        `heapUsed after gc(): ${mb(heapUsedAfterGc.start)} at start, ${mb(heapUsedAfterGc.end)} at end (includes unswept pages)`,
      `data files after the soak: ${fileChecks.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(0)} KB ${f.valid ? 'valid JSON' : 'INVALID'}`).join(', ')}; drained on stop: ${drained}`,
    ];
    const errorsSeen = [...rows.map((r) => r.errorSamples), soakStats.errorSamples].filter(
      (s) => Object.keys(s).length > 0,
    );
    console.log(lines.join('\n'));
    console.log('');
    console.log(goals.map((t) => `- ${t}`).join('\n'));
    for (const report of statementReports) console.log(`\n${report}`);
    if (errorsSeen.length > 0) console.log(`\nerror samples: ${JSON.stringify(errorsSeen, null, 1)}`);

    await mkdir(path.join(ROOT, 'bench', 'results'), { recursive: true });
    const resultFile = path.join(
      ROOT,
      'bench',
      'results',
      `turns-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    await writeFile(
      resultFile,
      JSON.stringify(
        {
          options,
          node: process.version,
          rows,
          soak: {
            ...soakStats,
            startRss: startStats.rss,
            peakRss,
            endRss,
            heapUsedAfterGc,
            fileChecks,
            drained,
          },
        },
        null,
        2,
      ),
    );
    console.error(`results written to ${path.relative(ROOT, resultFile)}`);
  } finally {
    for (const target of targets) await target.proxy?.close();
    for (const child of serverProcesses) if (child.exitCode === null) child.kill('SIGKILL');
    await postgres?.stop();
    await connector.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** CPU time (user + system, µs) so far of the target's server processes together: all threads, and main threads alone. */
async function serverCpuMicros(target: BenchTarget): Promise<{ all: number; mainThread: number }> {
  const stats = await Promise.all(target.servers.map((server) => server.stats()));
  return {
    all: stats.reduce((sum, { cpuMicros }) => sum + cpuMicros, 0),
    mainThread: stats.reduce((sum, { mainThreadCpuMicros }) => sum + mainThreadCpuMicros, 0),
  };
}

async function stopTarget(target: BenchTarget): Promise<void> {
  await target.proxy?.close();
  for (const server of target.servers) await server.stop();
}

/**
 * Each `.json` file directly in `dir`, parsed, and each `.jsonl` file (the audit trail, the state
 * journal) line by line: its size and whether it is valid.
 */
async function checkJsonFiles(dir: string): Promise<Array<{ file: string; bytes: number; valid: boolean }>> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json') || file.endsWith('.jsonl'));
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      const documents = file.endsWith('.jsonl') ? text.split('\n').filter((line) => line !== '') : [text];
      try {
        for (const document of documents) JSON.parse(document);
        return { file, bytes: Buffer.byteLength(text), valid: true };
      } catch {
        return { file, bytes: Buffer.byteLength(text), valid: false };
      }
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
