import type { Database } from '../../db/database';
import type { SourceQuotaFactory } from '../../integrations/enrichment/source-quota';

const WINDOW_MS = 60_000;
/** When the quota cannot be read: the source is not called for this long (its quota is never overrun). */
const UNREADABLE_WAIT_MS = 5000;

/**
 * Enrichment sources' quotas in PostgreSQL (migration 0620), shared by every replica: fixed
 * one-minute windows, one row per source, counted by one `INSERT … ON CONFLICT` (so two replicas
 * never both take the last call). Windows are aligned to the minute on each replica's clock; a
 * replica whose clock is behind counts into the newer window instead of opening an older one.
 *
 * @example
 *   createEnrichmentService(config, { logger, quotas: pgSourceQuotas(backend.db) });
 */
export function pgSourceQuotas(db: Database, now: () => number = Date.now): SourceQuotaFactory {
  return (source, ratePerMinute) => ({
    async take() {
      const at = now();
      const windowStart = Math.floor(at / WINDOW_MS) * WINDOW_MS;
      let rows: Array<{ used: number; window_start: number }>;
      try {
        rows = await db.query(
          `INSERT INTO socbot_rate_windows AS w (key, window_start, used) VALUES ($1, $2, 1)
           ON CONFLICT (key) DO UPDATE SET
             used = CASE WHEN EXCLUDED.window_start <= w.window_start THEN w.used + 1 ELSE 1 END,
             window_start = GREATEST(w.window_start, EXCLUDED.window_start)
           RETURNING used, window_start`,
          [`enrichment:${source}`, windowStart],
        );
      } catch {
        // The database is away (every store says so, and /healthz): rather skip a look-up than
        // overrun a provider's quota, which may lock the API key out for longer.
        return { allowed: false, retryAfterMs: UNREADABLE_WAIT_MS };
      }
      const row = rows[0];
      if (row && row.used <= ratePerMinute) return { allowed: true };
      const windowEnd = (row?.window_start ?? windowStart) + WINDOW_MS;
      return { allowed: false, retryAfterMs: Math.max(1, windowEnd - at) };
    },
  });
}
