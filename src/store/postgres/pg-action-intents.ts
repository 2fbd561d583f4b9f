import type { Database } from '../../db/database';
import type { ActionIntentStore } from '../action-intent-store';
import type { ActionIntent } from '../action-intents';
import { finishWithTurnEnd, noteBegunIntent } from './turn-snapshot';

/** Marks the intents of the request ids `$1` finished: here, and by the turn lock when its release failed. */
export const FINISH_INTENTS_SQL = `UPDATE socbot_action_intents SET finished_at = now()
  WHERE request_id = ANY($1::text[]) AND finished_at IS NULL`;

/**
 * The write-ahead journal of confirmed actions in PostgreSQL (`socbot_action_intents`, migration
 * 0101), shared by every replica: a row is begun before a skill acts and finished once the analyst
 * was answered. A replica that dies in between leaves the row begun; the survivors' sweep
 * (src/app/intent-sweep.ts) replays it under the conversation's turn lock, with the same request id.
 *
 * - `begin` is one INSERT, committed when it resolves. A request id begun again while unfinished
 *   keeps its first intent; begun again after it finished, it is open again (as the file journal).
 * - `finish` inside a turn under the turn lock is written by the lock's release (`socbot_turn_end`):
 *   committed before the lock is free, so the sweep never takes a finished intent for a cut-off one.
 * - `begun_at` is the database's clock, so replicas whose clocks differ agree on an intent's age.
 * - `compact` deletes the finished rows.
 *
 * @example
 *   const intents = new PgActionIntentLog(backend.db);
 *   await intents.begin(intent);
 *   await intents.finish([intent.requestId]);
 */
export class PgActionIntentLog implements ActionIntentStore {
  constructor(private readonly db: Database) {}

  async begin(intent: ActionIntent): Promise<void> {
    await this.db.query(
      `INSERT INTO socbot_action_intents AS t (request_id, intent) VALUES ($1, $2::json)
       ON CONFLICT (request_id) DO UPDATE SET
         intent = CASE WHEN t.finished_at IS NULL THEN t.intent ELSE EXCLUDED.intent END,
         begun_at = CASE WHEN t.finished_at IS NULL THEN t.begun_at ELSE now() END,
         finished_at = NULL`,
      [intent.requestId, JSON.stringify(intent)],
    );
    // Begun in a turn under its lock: that turn's release marks it finished (finish, below).
    noteBegunIntent(intent.conversationId, intent.requestId);
  }

  /**
   * Begins the intent only when the database has never held its request id (an import from the
   * file journal: run twice, it neither doubles nor reopens an intent finished meanwhile). True when begun.
   */
  async beginIfUnknown(intent: ActionIntent): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO socbot_action_intents (request_id, intent) VALUES ($1, $2::json)
       ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      [intent.requestId, JSON.stringify(intent)],
    );
    return rows.length > 0;
  }

  async finish(requestIds: readonly string[]): Promise<void> {
    if (requestIds.length === 0) return;
    // In a turn under its lock, the release marks them (committed before the lock is free): no round trip here.
    if (finishWithTurnEnd(requestIds)) return;
    await this.db.query(FINISH_INTENTS_SQL, [[...requestIds]]);
  }

  async isUnfinished(requestId: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM socbot_action_intents WHERE request_id = $1 AND finished_at IS NULL',
      [requestId],
    );
    return rows.length > 0;
  }

  async unfinished(options: { begunMsAgo?: number } = {}): Promise<ActionIntent[]> {
    const rows = await this.db.query<{ intent: ActionIntent }>(
      `SELECT intent FROM socbot_action_intents
       WHERE finished_at IS NULL AND begun_at <= now() - make_interval(secs => $1::double precision / 1000)
       ORDER BY begun_at, request_id`,
      [options.begunMsAgo ?? 0],
    );
    return rows.map((row) => row.intent);
  }

  async compact(): Promise<void> {
    await this.db.query('DELETE FROM socbot_action_intents WHERE finished_at IS NOT NULL');
  }

  /** The pool belongs to the app's backend, which closes it. */
  async close(): Promise<void> {}
}
