/**
 * Identical calls in flight at the same time share one call: five analysts asking about the same
 * address while VirusTotal is still answering cost one request. The shared call has its own
 * AbortSignal, which fires only when every caller waiting for it has given up, so one analyst's
 * cancel never cancels the answer for the others.
 *
 * @example
 *   const calls = createSharedCalls<Report>();
 *   const report = await calls.join('virustotal|ip|8.8.8.8', signal, (shared) => provider.lookup(ip, { signal: shared }), () => aborted);
 */
export interface SharedCalls<T> {
  /**
   * The result of the call running under `key`, starting it with `start` when none runs. When the
   * caller's `signal` fires first, resolves with `onAbort()` (the call goes on for the others).
   */
  join(
    key: string,
    signal: AbortSignal,
    start: (shared: AbortSignal) => Promise<T>,
    onAbort: () => T,
  ): Promise<T>;
  /** Calls running now (for tests and health). */
  readonly size: number;
}

interface Running<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
}

export function createSharedCalls<T>(): SharedCalls<T> {
  const running = new Map<string, Running<T>>();
  return {
    get size() {
      return running.size;
    },
    join(key, signal, start, onAbort) {
      if (signal.aborted) return Promise.resolve(onAbort());
      let call = running.get(key);
      // A call everyone gave up on is still finishing its abort: a new caller gets a call of its own.
      if (!call || call.controller.signal.aborted) {
        const controller = new AbortController();
        const entry: Running<T> = { controller, waiting: 0, promise: Promise.resolve(undefined as T) };
        entry.promise = start(controller.signal).finally(() => {
          if (running.get(key) === entry) running.delete(key);
        });
        running.set(key, entry);
        call = entry;
      }
      const joined = call;
      joined.waiting += 1;
      return new Promise<T>((resolve, reject) => {
        const leave = (): void => {
          joined.waiting -= 1;
          if (joined.waiting === 0) joined.controller.abort();
          resolve(onAbort());
        };
        signal.addEventListener('abort', leave, { once: true });
        joined.promise.then(
          (value) => {
            signal.removeEventListener('abort', leave);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', leave);
            reject(error);
          },
        );
      });
    },
  };
}
