/**
 * The server under test of the turns benchmark, in its own process so that its RSS is its own.
 * Started by bench/turns.ts with `echo` or `socbot`; talks over IPC:
 *   → { type: 'listening', url }   ← 'stats' → { type: 'stats', rss, heapTotal, heapUsed, cpuMicros, mainThreadCpuMicros }
 *   ← 'stats-after-gc' → the same after a full GC (bench/turns.ts starts the server with --expose-gc; shows what is retained, not garbage);
 *     with BENCH_HEAP_SNAPSHOTS=1 also writes a heap snapshot to the temp directory
 *   ← 'stop' → { type: 'stopped', drained }
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import pino from 'pino';
import { createEchoBot } from '../../src/channels/echo-bot';
import { startServer, type StartServerOptions } from '../../src/channels/start-server';
import { sizeThreadPool } from '../../src/channels/thread-pool';
import { socbotServerOptions } from '../../src/cli/commands/serve';
import { defaultNluServices } from '../../src/cli/default-nlu-services';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { clockTicksPerSecond, procStatFields } from './proc-stat';

/** What /proc counts CPU time in, asked once. */
const TICKS_PER_SECOND = clockTicksPerSecond();

async function run(): Promise<void> {
  sizeThreadPool(); // as bin/socbot.js does, before the first file operation
  const mode = process.argv[2];
  const send = (message: object): void => void process.send?.(message);
  // Real logging cost (one JSON line per request), written synchronously like stdout, to /dev/null.
  const logger = createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: true }),
  });
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const options: StartServerOptions =
    mode === 'socbot'
      ? socbotServerOptions(defaultNluServices(), logger, { config })
      : { logger, createBot: async () => createEchoBot() };
  const server = await startServer(config, options);
  process.on('message', (message) => {
    if (message === 'stats-after-gc') globalThis.gc?.();
    // BENCH_HEAP_SNAPSHOTS=1: a snapshot at every after-GC sample (soak start and end), to compare.
    if (message === 'heap-snapshot' || (message === 'stats-after-gc' && process.env.BENCH_HEAP_SNAPSHOTS)) {
      globalThis.gc?.();
      console.error(
        `heap snapshot: ${writeHeapSnapshot(path.join(tmpdir(), `socbot-server-${Date.now()}.heapsnapshot`))}`,
      );
    }
    if (message === 'stats' || message === 'stats-after-gc') {
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      send({
        type: 'stats',
        rss: memory.rss,
        heapTotal: memory.heapTotal,
        heapUsed: memory.heapUsed,
        cpuMicros: cpu.user + cpu.system,
        mainThreadCpuMicros: mainThreadCpuMicros(),
      });
    }
    if (message === 'stop') {
      void server.stop().then(({ drained }) => {
        send({ type: 'stopped', drained });
        process.disconnect();
      });
    }
  });
  send({ type: 'listening', url: server.url });
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * CPU time of the main thread (the event loop: socbot's JavaScript), from /proc (Linux, in clock
 * ticks; 0 elsewhere). The rest of the process's CPU is V8's and libuv's helper threads: the
 * optimizing compiler, concurrent GC, file writes.
 */
function mainThreadCpuMicros(): number {
  const fields = procStatFields(`/proc/self/task/${process.pid}/stat`);
  return fields ? (((fields[11] ?? 0) + (fields[12] ?? 0)) / TICKS_PER_SECOND) * 1e6 : 0;
}
