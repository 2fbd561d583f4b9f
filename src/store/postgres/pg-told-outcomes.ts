import type { ToldOutcomes } from '../../app/told-outcomes';
import type { Database } from '../../db/database';

/** Claims older than this are deleted now and then: a job's outcome is told within minutes, not days. */
const KEEP_CLAIMS_DAYS = 7;
/** One claim in this many also deletes the old ones (cheap, and the table stays small). */
const PRUNE_EVERY_CLAIMS = 500;

/**
 * {@link ToldOutcomes} in PostgreSQL (migration 0630): a claim is one `INSERT … ON CONFLICT DO
 * NOTHING`, so of two replicas (the worker's, the waiting turn's) exactly one tells.
 *
 * @example
 *   new OutcomeReports(outbox, sender, wordingOf, logger, new PgToldOutcomes(backend.db));
 */
export class PgToldOutcomes implements ToldOutcomes {
  private claims = 0;

  constructor(private readonly db: Database) {}

  async claim(outcome: string): Promise<boolean> {
    this.claims += 1;
    if (this.claims % PRUNE_EVERY_CLAIMS === 0) {
      await this.db.query(
        `DELETE FROM socbot_told_outcomes WHERE told_at < now() - make_interval(days => $1)`,
        [KEEP_CLAIMS_DAYS],
      );
    }
    const rows = await this.db.query(
      'INSERT INTO socbot_told_outcomes (outcome) VALUES ($1) ON CONFLICT (outcome) DO NOTHING RETURNING 1',
      [outcome],
    );
    return rows.length > 0;
  }
}
