/**
 * One JSON document socbot reads and changes whole (the review queue, the approvals, the
 * conversation directory …): a file under the data directory (`DataFile`) or a row in PostgreSQL
 * (`PgDocument`, issue 15). The stores built on it keep their logic whichever backend holds it.
 *
 * - `update` applies `change` atomically: concurrent updates (also from other replicas on
 *   PostgreSQL) never lose one another's change. `change` must be pure and may run more than once
 *   (a PostgreSQL transaction is retried after a serialization failure).
 * - An unreadable document is STORAGE_CORRUPT naming it and how to move it aside; it is never
 *   overwritten.
 *
 * @example
 *   const queue = documents.open({ name: 'review-queue.json', defaults: () => ({ items: [] }), isValid: isReviewFile });
 *   await queue.update((data) => { data.items.push(item); });
 *   const pending = await queue.view((data) => data.items.filter((i) => i.status === 'pending').length);
 */
export interface JsonDocument<T extends object> {
  /** A fresh copy of the content (the defaults when the document does not exist yet). */
  read(): Promise<T>;
  /**
   * Runs `look` on the current content: `look` must not change it and must copy what it returns.
   * `turnStart`: the read a turn makes first thing under its lock, which a shared database may answer
   * from what the lock read alongside.
   */
  view<R>(look: (data: Readonly<T>) => R, turnStart?: TurnStartRead): Promise<R>;
  /** Runs `change` on the current content and stores the result; resolves once stored. */
  update<R>(change: (data: T) => R): Promise<R>;
  /** Resolves when every read and update this process started has finished and is stored. */
  flush(): Promise<void>;
}

/**
 * A read a channel's turn makes first thing under its conversation's turn lock, named by the lock's
 * key (the conversation id). PgTurnLock reads the row versions of the documents every turn reads
 * first with the lock (TurnSnapshot), so such a read costs no round trip; any other read asks.
 */
export interface TurnStartRead {
  readonly turnLockKey: string;
}

/** What a store says about its document: its name (the file name), its empty content, its shape. */
export interface DocumentSpec<T extends object> {
  /** The file name under the data directory, and the document's name in PostgreSQL. */
  readonly name: string;
  readonly defaults: () => T;
  readonly isValid: (data: unknown) => data is T;
  /** Said after the remedy when the document cannot be read: what moving it aside keeps or loses. */
  readonly afterMovingAside?: string;
}

/** Where a backend keeps its documents: opens one by its spec. */
export interface JsonDocuments {
  open<T extends object>(spec: DocumentSpec<T>): JsonDocument<T>;
}
