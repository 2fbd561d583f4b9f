import type { DeliveryReplayGuard, ReplayOutcome } from '../../channels/siem-intake/delivery-replay-guard';
import type { Database } from '../../db/database';
import { jsonParam } from '../../db/json-param';

/** Bounds of the wait for a first delivery that another replica is still handling. */
export interface PgReplayGuardTiming {
  /** How long a replay waits for the first delivery's answer before doing the (idempotent) work itself. */
  waitMs: number;
  /** How often it looks while waiting. */
  pollMs: number;
}

const DEFAULT_TIMING: PgReplayGuardTiming = { waitMs: 5000, pollMs: 50 };

/**
 * The SIEM replay guard in PostgreSQL (migration 0610), shared by every replica: the first delivery
 * of a signature claims its row (`INSERT … ON CONFLICT`, an expired row is claimed again), runs the
 * work and stores its answer; a replay on any replica gets that answer with `replayed: true`.
 *
 * - While the first delivery still runs (on this or another replica), a replay waits for its answer,
 *   at most `waitMs`; then it does the work itself. That is safe because the work is idempotent (the
 *   alert register's SIEM key, the outbox's keys): the guard saves work and audit noise, the
 *   register keeps an alert single. It also covers a replica that died mid-delivery.
 * - A failed first delivery deletes its claim, so the SIEM's retry runs again.
 * - The answer `T` is stored as JSON, so it must be plain data (`{ ref, created }`).
 *
 * @example
 *   const guard = new PgReplayGuard<RegisteredSiemAlert>(backend.db, 600_000);
 *   const { result, replayed } = await guard.once(signature, () => register(alert), Date.now());
 */
export class PgReplayGuard<T> implements DeliveryReplayGuard<T> {
  constructor(
    private readonly db: Database,
    private readonly rememberMs: number,
    private readonly timing: PgReplayGuardTiming = DEFAULT_TIMING,
  ) {}

  async once(key: string, work: () => Promise<T>, nowMs: number): Promise<ReplayOutcome<T>> {
    const giveUpAt = Date.now() + this.timing.waitMs;
    for (;;) {
      if (await this.claim(key, nowMs)) return { result: await this.runClaimed(key, work), replayed: false };
      const rows = await this.db.query<{ result: T | null }>(
        'SELECT result FROM siem_replay_guard WHERE key = $1',
        [key],
      );
      const first = rows[0];
      if (first && first.result !== null) return { result: first.result, replayed: true };
      // No row: the first delivery failed and let go; the loop claims it. A row without an answer:
      // the first delivery still runs, or its replica died; wait for it, within the bound.
      if (first && Date.now() >= giveUpAt) return { result: await work(), replayed: true };
      if (first) await new Promise((resolve) => setTimeout(resolve, this.timing.pollMs));
    }
  }

  /** True when this delivery is the first of `key` (no row, or only an expired one). */
  private async claim(key: string, nowMs: number): Promise<boolean> {
    // Expired rows go first: the table holds only the window's deliveries.
    await this.db.query('DELETE FROM siem_replay_guard WHERE expires_at <= to_timestamp($1 / 1000.0)', [
      nowMs,
    ]);
    const rows = await this.db.query(
      `INSERT INTO siem_replay_guard (key, expires_at) VALUES ($1, to_timestamp($2 / 1000.0))
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at, result = NULL
         WHERE siem_replay_guard.expires_at <= to_timestamp($3 / 1000.0)
       RETURNING 1`,
      [key, nowMs + this.rememberMs, nowMs],
    );
    return rows.length > 0;
  }

  private async runClaimed(key: string, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      // Let go, so the SIEM's retry runs again (on whichever replica it lands).
      await this.db
        .query('DELETE FROM siem_replay_guard WHERE key = $1 AND result IS NULL', [key])
        .catch(() => undefined);
      throw error;
    }
    // The work is done; if its answer cannot be stored, a replay waits out `waitMs` and does the
    // (idempotent) work again: not worth failing a delivery that succeeded.
    await this.db
      .query('UPDATE siem_replay_guard SET result = $2::jsonb WHERE key = $1', [key, jsonParam(result)])
      .catch(() => undefined);
    return result;
  }
}
