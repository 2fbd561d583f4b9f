/**
 * Group commit: callers add an item and wait; the items that arrive while one commit runs go into
 * the next one, together. One commit runs at a time, in order, so a busy process pays one write
 * (and one fsync) per batch instead of per item. Used by the data files, the state journal and the
 * audit trail.
 *
 * `commit` gets the batch's items and may return one result per item; when it throws, every caller
 * of that batch gets the error and the next batch still runs.
 *
 * @example
 *   const commits = new GroupCommit<string>(async (lines) => { await handle.write(lines.join('')); });
 *   await commits.add('one line\n'); // resolves once its batch is written
 */
export class GroupCommit<T, R = void> {
  /** Items waiting for the next commit, and exclusive tasks in their place in the line. */
  private pending: Waiting<T, R>[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly commit: (items: T[]) => Promise<R[] | void>) {}

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.start();
    });
  }

  /** True while a commit (or an exclusive task) runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when no commit runs and none is waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Runs `task` in the place of a commit: after the items added before it, before those added
   * after it. Its result or error goes to the caller only.
   */
  exclusive<V>(task: () => Promise<V>): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ task: () => task().then(resolve, reject) });
      this.start();
    });
  }

  private start(): void {
    if (this.running || this.pending.length === 0) return;
    const first = this.pending[0] as Waiting<T, R>;
    if ('task' in first) {
      this.pending.shift();
      this.run(first.task());
      return;
    }
    const next = this.pending.findIndex((waiting) => 'task' in waiting);
    const batch = this.pending.splice(0, next === -1 ? this.pending.length : next) as WaitingItem<T, R>[];
    this.run(
      this.commit(batch.map((waiting) => waiting.item)).then(
        (results) => batch.forEach((waiting, i) => waiting.resolve((results ? results[i] : undefined) as R)),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      ),
    );
  }

  private run(work: Promise<unknown>): void {
    this.running = work.then(
      () => undefined,
      () => undefined,
    );
    void this.running.then(() => {
      this.running = undefined;
      this.start();
    });
  }
}

interface WaitingItem<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

type Waiting<T, R> = WaitingItem<T, R> | { task: () => Promise<void> };
