import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** One `socbot serve` process: its JSON log lines, its URL once it listens, and how it ended. */
export interface ServeReplica {
  /** Its position among the replicas (what the round-robin proxy's `X-Served-By` names). */
  readonly index: number;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Its own data directory: replicas share only the database. */
  readonly dataDir: string;
  /** `http://127.0.0.1:PORT`, from its "socbot listening" line. */
  readonly url: string;
  readonly lines: ReadonlyArray<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Kills it the hard way (no drain, no shutdown hooks), like an OOM kill or a lost node. */
  kill(): Promise<void>;
}

/** What every replica gets; each also gets its own SOCBOT_DATA_DIR and PORT 0 on 127.0.0.1. */
export interface ServeReplicasOptions {
  /** bin/socbot.js (the compiled CLI: see test/e2e/helpers/compiled-cli.ts). */
  socbotBin: string;
  count: number;
  /** Replica i keeps its data under `<dataRoot>/replica-i`. */
  dataRoot: string;
  /** SOCBOT_DATABASE_URL, SOCBOT_MODEL, SOCBOT_ROLES, TICKETING, … (the same for every replica). */
  env: Record<string, string>;
  /** How long a replica may take to listen (training is not expected: pass a trained model). */
  startTimeoutMs?: number;
}

/**
 * Starts `count` `node bin/socbot.js serve` processes at once, as replicas of one deployment: the
 * same configuration and database, a data directory each. They start together on purpose: the
 * schema migration at start must let them through one at a time.
 *
 * @example
 *   const replicas = await startServeReplicas({ socbotBin: SOCBOT_BIN, count: 2, dataRoot: dir,
 *     env: { SOCBOT_DATABASE_URL: db.url, SOCBOT_MODEL: modelPath } });
 *   const proxy = await startRoundRobinProxy(replicas.map((r) => r.url));
 */
export async function startServeReplicas(options: ServeReplicasOptions): Promise<ServeReplica[]> {
  const started = Array.from({ length: options.count }, (_, index) => spawnReplica(index, options));
  const settled = await Promise.allSettled(started);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    // None left behind: the replicas that did start are stopped before the error goes up.
    await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? r.value.kill() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<ServeReplica>).value);
}

async function spawnReplica(index: number, options: ServeReplicasOptions): Promise<ServeReplica> {
  const dataDir = path.join(options.dataRoot, `replica-${index}`);
  const child = spawn(process.execPath, [options.socbotBin, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      ...options.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SOCBOT_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let pending = '';
  let errText = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        lines.push({ msg: part });
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (errText += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let listening: Record<string, unknown> | undefined;
  while (!listening) {
    listening = lines.find((line) => line.msg === 'socbot listening');
    if (listening) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await kill();
      throw new Error(
        `replica ${index} did not start (exit ${String(child.exitCode)}); stderr: ${errText.slice(0, 2000)}; ` +
          `last log lines: ${JSON.stringify(lines.slice(-5))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    index,
    child,
    pid: child.pid ?? -1,
    dataDir,
    url: String(listening.url),
    lines,
    stderr: () => errText,
    exited,
    kill,
  };
}
