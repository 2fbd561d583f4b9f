/**
 * Who may read the shared mailbox: with several replicas (issue 15) only one at a time, else two
 * would hand the same new mail over at once. The intake asks for the lock before it connects and
 * gives it up when it stops or its session fails; a replica that does not get it waits in state
 * `standby` and asks again, so it takes over when the holder stops or dies.
 *
 * One process on a data directory needs none (the data directory lock already makes it the only one).
 *
 * @example
 *   const lease = await lock.tryAcquire('soc@mail.corp.example/INBOX');
 *   if (lease) { lease.lost.then(() => session.close()); … await lease.release(); }
 */
export interface MailboxLock {
  /**
   * The lock of `mailbox` (its name, `user@host/folder`) when free: this replica now reads it.
   * Undefined when another replica holds it.
   */
  tryAcquire(mailbox: string): Promise<MailboxLease | undefined>;
}

/** The mailbox held by this replica until `release`, or until the hold is lost. */
export interface MailboxLease {
  /**
   * Resolves (with why) if the hold ends without `release`: the database connection that held it
   * dropped, so another replica may have taken the mailbox over. The holder stops reading at once.
   */
  readonly lost: Promise<Error>;
  /** Gives the mailbox up. Safe to call twice, and after the hold was lost. */
  release(): Promise<void>;
}
