import type { Activity } from 'botbuilder';
import {
  DEFAULT_DIRECTLINE_LIMITS,
  type ActivitySet,
  type DirectLineLimits,
} from './directline-conversations';
import type { ConversationLocals, DirectLineStore, StoredPost } from './directline-store';
import { RememberedPosts } from './remembered-posts';
import { sqlStateOf, type Database } from '../../db/database';
import { jsonParam } from '../../db/json-param';

/**
 * How long the replica that stored a post owns its turn: a retry after this, of a post whose turn
 * never finished, runs the turn again (the first replica died mid-turn). Longer than a turn takes.
 */
export const DEFAULT_TURN_LEASE_MS = 60_000;
/** A poll refreshes `last_used_at` at most this often: a write per poll (3 a second per page) is not worth it. */
const TOUCH_EVERY_MS = 60_000;
const UNIQUE_VIOLATION = '23505';

/**
 * The {@link DirectLineStore} in PostgreSQL (migration 0600), shared by every replica: a Web Chat page
 * whose replica died polls another one with the same token and watermark and gets what it has not
 * seen, the bot's replies written by any replica included.
 *
 * - An append takes the conversation's `next_watermark` in the same statement that stores the
 *   activity (the row lock orders concurrent appends), so watermarks have no gaps and commit in
 *   order: a poll that sees watermark n sees every one before it.
 * - A user's post with a client activity id is stored once (a unique index): a retry that reaches
 *   another replica gets the first copy, `repeated`, and the turn does not run twice.
 * - Bounds as in memory: activities per conversation (older ones deleted on append) and idle time
 *   (idle conversations deleted when one is opened); the count of conversations is not bounded (disk,
 *   not memory). Times come from this process's clock (`now`), as in memory.
 *
 * @example
 *   const store = new PgDirectLineStore(backend.db);
 *   await store.open('dl_abc', 'analyst_1');
 */
export class PgDirectLineStore implements DirectLineStore {
  /** This process's side of each conversation, bounded like the in-memory conversations. */
  private readonly localState = new Map<string, ConversationLocals>();

  constructor(
    private readonly db: Database,
    private readonly limits: DirectLineLimits = DEFAULT_DIRECTLINE_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly turnLeaseMs: number = DEFAULT_TURN_LEASE_MS,
  ) {}

  async open(id: string, userId: string): Promise<{ created: boolean }> {
    await this.forgetIdle();
    const rows = await this.db.query<{ created: boolean }>(
      `INSERT INTO directline_conversations (id, user_id, next_watermark, last_used_at)
       VALUES ($1, $2, 0, to_timestamp($3 / 1000.0))
       ON CONFLICT (id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at
       RETURNING (xmax = 0) AS created`,
      [id, userId, this.now()],
    );
    return { created: rows[0]?.created === true };
  }

  async resume(id: string, userId: string): Promise<void> {
    const now = this.now();
    await this.db.query(
      `INSERT INTO directline_conversations (id, user_id, next_watermark, last_used_at)
       VALUES ($1, $2, $3::bigint, to_timestamp($3::bigint / 1000.0))
       ON CONFLICT (id) DO NOTHING`,
      [id, userId, now],
    );
  }

  async has(id: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM directline_conversations WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async append(id: string, activity: Partial<Activity>): Promise<Activity | undefined> {
    return (await this.insert(id, activity, undefined, false))?.activity;
  }

  async appendPost(
    id: string,
    activity: Partial<Activity>,
    clientActivityId: string | undefined,
  ): Promise<StoredPost | undefined> {
    try {
      return await this.insert(id, activity, clientActivityId, true);
    } catch (error) {
      if (clientActivityId === undefined || sqlStateOf(error) !== UNIQUE_VIOLATION) throw error;
      // Stored before, and its turn's lease ran out unfinished (its replica died mid-turn): this
      // retry takes the turn over, so the message is not left unanswered.
      const now = this.now();
      const takenOver = await this.db.query<{ activity: Activity }>(
        `UPDATE directline_activities SET turn_leased_until = to_timestamp($3 / 1000.0)
         WHERE conversation_id = $1 AND client_activity_id = $2
           AND turn_leased_until < to_timestamp($4 / 1000.0)
         RETURNING activity`,
        [id, clientActivityId, now + this.turnLeaseMs, now],
      );
      if (takenOver[0]) return { activity: takenOver[0].activity, repeated: false };
      // Stored before (by this replica or another), its turn done or under way: not run again.
      const rows = await this.db.query<{ activity: Activity }>(
        `SELECT activity FROM directline_activities
         WHERE conversation_id = $1 AND client_activity_id = $2`,
        [id, clientActivityId],
      );
      return rows[0] ? { activity: rows[0].activity, repeated: true } : undefined;
    }
  }

  async postAnswered(id: string, activityId: string): Promise<void> {
    const watermark = watermarkOfActivityId(id, activityId);
    if (watermark === undefined) return;
    await this.db.query(
      `UPDATE directline_activities SET turn_leased_until = NULL
       WHERE conversation_id = $1 AND watermark = $2 AND turn_leased_until IS NOT NULL`,
      [id, watermark],
    );
  }

  async replace(id: string, activity: Partial<Activity> & { id: string }): Promise<boolean> {
    const watermark = watermarkOfActivityId(id, activity.id);
    if (watermark === undefined) return false;
    // As in memory: the fields given replace the stored ones, the conversation stays the stored one.
    const { conversation: _kept, ...fields } = activity;
    const rows = await this.db.query(
      `UPDATE directline_activities SET activity = activity || $3::jsonb
       WHERE conversation_id = $1 AND watermark = $2 RETURNING 1`,
      [id, watermark, jsonParam(fields)],
    );
    return rows.length > 0;
  }

  async since(id: string, watermark: number): Promise<ActivitySet | undefined> {
    // One statement, one snapshot: the watermark answered is right after the last activity answered.
    const rows = await this.db.query<{
      next_watermark: number;
      last_used_ms: number;
      activity: Activity | null;
    }>(
      `SELECT c.next_watermark, (extract(epoch FROM c.last_used_at) * 1000)::float8 AS last_used_ms, a.activity
       FROM directline_conversations c
       LEFT JOIN directline_activities a ON a.conversation_id = c.id AND a.watermark >= $2
       WHERE c.id = $1
       ORDER BY a.watermark`,
      [id, watermark],
    );
    const first = rows[0];
    if (!first) return undefined;
    const now = this.now();
    if (now - first.last_used_ms > TOUCH_EVERY_MS) {
      await this.db.query(
        'UPDATE directline_conversations SET last_used_at = to_timestamp($2 / 1000.0) WHERE id = $1',
        [id, now],
      );
    }
    return {
      activities: rows.flatMap((row) => (row.activity ? [row.activity] : [])),
      watermark: String(first.next_watermark),
    };
  }

  async contains(id: string, activityId: string): Promise<boolean> {
    const watermark = watermarkOfActivityId(id, activityId);
    if (watermark === undefined) return false;
    const rows = await this.db.query(
      'SELECT 1 FROM directline_activities WHERE conversation_id = $1 AND watermark = $2',
      [id, watermark],
    );
    return rows.length > 0;
  }

  locals(id: string): ConversationLocals {
    let locals = this.localState.get(id);
    if (locals) {
      // Re-inserted last: the Map's order is least recently used first.
      this.localState.delete(id);
    } else {
      locals = {
        polls: new Map(),
        posts: new RememberedPosts(this.limits.maxRememberedPostsPerConversation),
      };
    }
    this.localState.set(id, locals);
    for (const oldest of this.localState.keys()) {
      if (this.localState.size <= this.limits.maxConversations) break;
      this.localState.delete(oldest);
    }
    return locals;
  }

  /**
   * Stores the activity under the conversation's next watermark and drops what falls out of the
   * bound, in one statement; undefined when the conversation is not kept.
   */
  private async insert(
    id: string,
    activity: Partial<Activity>,
    clientActivityId: string | undefined,
    leaseTurn: boolean,
  ): Promise<StoredPost | undefined> {
    const now = this.now();
    const stored: Partial<Activity> = {
      ...activity,
      channelId: 'webchat',
      conversation: { isGroup: false, conversationType: 'personal', name: '', ...activity.conversation, id },
      timestamp: new Date(now),
    };
    const rows = await this.db.query<{ activity: Activity }>(
      `WITH slot AS (
         UPDATE directline_conversations
         SET next_watermark = next_watermark + 1, last_used_at = to_timestamp($3 / 1000.0)
         WHERE id = $1
         RETURNING next_watermark - 1 AS watermark
       ), stored AS (
         INSERT INTO directline_activities
           (conversation_id, watermark, client_activity_id, turn_leased_until, activity)
         SELECT $1, slot.watermark, $4, to_timestamp($6::bigint / 1000.0),
                jsonb_set($2::jsonb, '{id}',
                  to_jsonb($1 || '|' || lpad(slot.watermark::text, greatest(7, length(slot.watermark::text)), '0')))
         FROM slot
         RETURNING activity
       ), trimmed AS (
         DELETE FROM directline_activities old USING slot
         WHERE old.conversation_id = $1 AND old.watermark <= slot.watermark - $5
       )
       SELECT activity FROM stored`,
      [
        id,
        jsonParam(stored),
        now,
        clientActivityId ?? null,
        this.limits.maxActivitiesPerConversation,
        leaseTurn ? now + this.turnLeaseMs : null,
      ],
    );
    const row = rows[0];
    return row ? { activity: row.activity, repeated: false } : undefined;
  }

  private async forgetIdle(): Promise<void> {
    await this.db.query(
      'DELETE FROM directline_conversations WHERE last_used_at < to_timestamp($1 / 1000.0)',
      [this.now() - this.limits.idleTimeoutMs],
    );
  }
}

/** The watermark in an activity id `<conversationId>|<watermark>` of this conversation, else undefined. */
function watermarkOfActivityId(conversationId: string, activityId: string): number | undefined {
  const prefix = `${conversationId}|`;
  if (!activityId.startsWith(prefix)) return undefined;
  const digits = activityId.slice(prefix.length);
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}
