/**
 * How one attempt ended.
 *
 * - `finished`: the task settled before anything aborted it;
 * - `cut-off`: the signal fired (timeout or stop) first; `reason` is the abort reason, `late` what
 *   the task settled with during the grace period after the abort (a handler that stops on its
 *   signal rejects here with the progress it made), or undefined when it was still running then.
 */
export type AttemptEnd<R> =
  | { kind: 'finished'; outcome: PromiseSettledResult<R> }
  | { kind: 'cut-off'; reason: unknown; late: PromiseSettledResult<R> | undefined };

/** Limits of one attempt. */
export interface AttemptLimits {
  /** The signal fires with a retryable `TIMEOUT` error after this. */
  timeoutMs: number;
  /** After the signal fired, how long the task may still take to stop and say what it had done. */
  graceMs: number;
}

/**
 * Runs `task` with the controller's signal, aborting it after `timeoutMs`. Once the signal fired
 * (timeout, or the owner aborted it to stop), the task gets `graceMs` more to stop and report its
 * progress; after that the attempt is over even if the task ignores its signal, so a hung provider
 * cannot hold a worker slot.
 *
 * @example
 *   const end = await runCancellableAttempt((signal) => handler(payload, { signal }), controller, { timeoutMs: 30_000, graceMs: 2000 });
 *   if (end.kind === 'cut-off') store(end.reason, end.late); // the late rejection carries the progress
 */
export async function runCancellableAttempt<R>(
  task: (signal: AbortSignal) => Promise<R>,
  controller: AbortController,
  limits: AttemptLimits,
): Promise<AttemptEnd<R>> {
  const { signal } = controller;
  const timer = setTimeout(() => {
    controller.abort(
      Object.assign(new Error(`the attempt took longer than ${limits.timeoutMs} ms`), {
        code: 'TIMEOUT',
        retryable: true,
      }),
    );
  }, limits.timeoutMs);
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  // Async wrapper: a handler that throws synchronously still ends up settled here.
  const settled: Promise<PromiseSettledResult<R>> = (async () => task(signal))().then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
  try {
    const first = await Promise.race([settled, aborted]);
    // A task that rejected because of the abort is a cut-off attempt, whichever settled first.
    if (first !== 'aborted' && !signal.aborted) return { kind: 'finished', outcome: first };
  } finally {
    clearTimeout(timer);
  }
  return { kind: 'cut-off', reason: signal.reason, late: await within(settled, limits.graceMs) };
}

/** What `promise` resolved with within `ms`, or undefined. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
