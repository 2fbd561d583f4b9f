/** What {@link DeliveryReplayGuard.once} answers: the first delivery's result, and whether this one was a replay. */
export interface ReplayOutcome<T> {
  result: T;
  replayed: boolean;
}

/**
 * Remembers accepted SIEM deliveries by their (verified) signature for as long as their timestamp
 * is acceptable, so an exact replay gets the first delivery's answer instead of running again: in
 * this process (replay-guard.ts, the embedded default) or in PostgreSQL, where a replay that lands
 * on another replica is caught too (src/store/postgres/pg-replay-guard.ts).
 *
 * @example
 *   const { result, replayed } = await guard.once(signature, () => register(alert), Date.now());
 */
export interface DeliveryReplayGuard<T> {
  /**
   * Runs `work` for the first delivery of `key`; a later delivery of the same key while it is
   * remembered gets the first one's result (waiting for it while it runs) and `replayed: true`.
   * A failed first attempt is forgotten, so a retry of it runs again. Rejects when `work` does.
   */
  once(key: string, work: () => Promise<T>, nowMs: number): Promise<ReplayOutcome<T>>;
}
