/**
 * Runs the turns of one conversation one at a time: `run` waits for the conversation's earlier
 * turns (in this process, and with a shared lock in every replica), then runs `work`.
 * ConversationQueue (src/channels/) is the in-process one; PgTurnLock the one replicas share.
 *
 * @example
 *   await lock.run(activity.conversation.id, () => adapter.runTurn(auth, activity, logic));
 */
export interface TurnLock {
  run<T>(conversationKey: string, work: () => Promise<T>, readAhead?: TurnReadAhead): Promise<T>;
}

/**
 * What a turn reads first, which a shared lock reads in the same round trip as it takes the lock
 * (PgTurnLock): the conversation's state keys. Only a saving: a lock may ignore it.
 */
export interface TurnReadAhead {
  readonly stateKeys: readonly string[];
}

/** What {@link SharedTurnLock.tryRun} did: ran the work (its value), or not, because a turn holds the lock. */
export type TryRunOutcome<T> = { ran: true; value: T } | { ran: false };

/**
 * A turn lock every replica shares (PostgreSQL advisory locks): besides waiting, it can try, which
 * the replay sweep of cut-off actions uses so that it never runs under a live turn.
 *
 * @example
 *   const outcome = await lock.tryRun(intent.conversationId, () => replay(intent));
 *   if (!outcome.ran) return; // a live turn holds the conversation: not cut off, or not yet
 */
export interface SharedTurnLock extends TurnLock {
  tryRun<T>(
    conversationKey: string,
    work: () => Promise<T>,
    readAhead?: TurnReadAhead,
  ): Promise<TryRunOutcome<T>>;
  /** Closes the lock's connections once the turns holding them are done. */
  close(): Promise<void>;
}
