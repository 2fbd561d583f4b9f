import type { DeliveryReplayGuard, ReplayOutcome } from './delivery-replay-guard';

/**
 * Remembers the signatures of accepted deliveries for as long as their timestamp is acceptable, so
 * an exact replay inside the window (the same signed bytes sent again, by an attacker who captured
 * them or by a SIEM that resends after a lost answer) gets the first delivery's answer instead of
 * running again. Beyond the window the timestamp check refuses it anyway.
 *
 * In memory (the embedded default; with replicas on PostgreSQL, pg-replay-guard.ts): after a restart the alert register's idempotency key (SIEM + alert ID)
 * still stops a duplicate alert; this guard only saves the work and the audit noise. Only
 * deliveries with a valid signature get here, so an outsider cannot fill it; it is bounded anyway.
 *
 * @example
 *   const guard = new ReplayGuard<{ ref: string }>(600_000);
 *   const { result, replayed } = await guard.once(signature, () => register(alert), Date.now());
 */
export class ReplayGuard<T> implements DeliveryReplayGuard<T> {
  private readonly seen = new Map<string, { expiresAt: number; result: Promise<T> }>();

  constructor(
    private readonly rememberMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * Runs `work` for the first delivery of `key`; a later delivery of the same key within
   * `rememberMs` gets the same (possibly still pending) result and `replayed: true`. A failed
   * first attempt is forgotten, so a retry of it runs again.
   */
  async once(key: string, work: () => Promise<T>, nowMs: number): Promise<ReplayOutcome<T>> {
    // Nothing is awaited before the key is set: a concurrent replay finds the pending first delivery.
    this.forgetExpired(nowMs);
    const earlier = this.seen.get(key);
    if (earlier) return { result: await earlier.result, replayed: true };
    const result = work();
    this.seen.set(key, { expiresAt: nowMs + this.rememberMs, result });
    result.catch(() => this.seen.delete(key));
    if (this.seen.size > this.maxEntries) {
      // Oldest first (Map keeps insertion order).
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return { result: await result, replayed: false };
  }

  private forgetExpired(nowMs: number): void {
    for (const [key, entry] of this.seen) {
      if (entry.expiresAt > nowMs) break; // inserted in time order, so the rest are younger
      this.seen.delete(key);
    }
  }
}
