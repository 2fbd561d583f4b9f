/**
 * Runs tasks one after another per key, and tasks on different keys side by side. A task that
 * names several keys waits for the earlier tasks of each of them: queueing happens at call time,
 * in call order, so two tasks can never wait for each other.
 *
 * @example
 *   const queue = new KeyedQueue();
 *   await queue.run(['conv-1', 'user-7'], async () => { ... }); // exclusive for both keys
 */
export class KeyedQueue {
  /** The last task queued per key; removed when it ends and nothing queued after it. */
  private readonly tails = new Map<string, Promise<unknown>>();

  run<R>(keys: readonly string[], task: () => Promise<R>): Promise<R> {
    const unique = [...new Set(keys)];
    const earlier = unique.map((key) => this.tails.get(key)).filter((tail) => tail !== undefined);
    // Earlier failures are their callers' business: this task runs regardless.
    const result = Promise.allSettled(earlier).then(task);
    const tail = result.catch(() => undefined);
    for (const key of unique) this.tails.set(key, tail);
    void tail.then(() => {
      for (const key of unique) if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when every task queued so far has ended. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
