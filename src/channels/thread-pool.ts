/** libuv's thread pool size for the server: file writes and fsyncs of the store and audit trail run there. */
export const SERVER_THREAD_POOL_SIZE = 16;

/**
 * Sizes libuv's thread pool for a busy bot, unless the operator set UV_THREADPOOL_SIZE. Every
 * turn's journal write, audit write (O_DSYNC: the thread waits for the disk) and alert file goes
 * through the pool, and with libuv's default of 4 threads turns queued behind each other's disk
 * waits: in the turns bench 16 threads raised socbot's throughput at 16 conversations by ~15%.
 *
 * libuv reads the variable when the pool first starts, so this must run before any asynchronous
 * file operation: first thing in bin/socbot and in the benchmark's server process.
 * Returns the size in force.
 */
export function sizeThreadPool(env: NodeJS.ProcessEnv = process.env): number {
  env.UV_THREADPOOL_SIZE ??= String(SERVER_THREAD_POOL_SIZE);
  return Number(env.UV_THREADPOOL_SIZE);
}
