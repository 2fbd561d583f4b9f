import type { Activity } from 'botbuilder';
import type { ActivitySet, ViewerPolls } from './directline-conversations';
import type { RememberedPosts } from './remembered-posts';

/** A user's post as stored: the stream's copy, and whether an earlier post with its client activity id was stored first. */
export interface StoredPost {
  activity: Activity;
  /** True when this is a retry of a post already in the stream (possibly stored by another replica). */
  repeated: boolean;
}

/**
 * What this process alone keeps about a conversation: the polling-rate bound's bookkeeping and the
 * answers of posts whose turns run here. Safe per replica: both protect this process (its CPU, its
 * turn queue) and are about requests that reached this process.
 */
export interface ConversationLocals {
  readonly polls: Map<string, ViewerPolls>;
  readonly posts: RememberedPosts;
}

/**
 * Where the Direct Line endpoint keeps its conversations and their activity streams: in this process
 * ({@link MemoryDirectLineStore}, the embedded default) or in PostgreSQL, shared by every replica
 * (src/channels/directline/pg-directline-store.ts), so a Web Chat page whose replica died goes on with
 * another one. Activity ids are `<conversationId>|<watermark>`; a watermark is the conversation's
 * own sequence, so a poll by watermark gets every activity once and in order, whoever wrote it.
 *
 * @example
 *   const { created } = await store.open('dl_abc', 'analyst_1');
 *   await store.append('dl_abc', { type: 'message', text: 'hi' });
 *   await store.since('dl_abc', 0); // { activities: [ { id: 'dl_abc|0000000', … } ], watermark: '1' }
 */
export interface DirectLineStore {
  /** Creates the conversation `id` with watermarks from 0, or finds it; `created` says which. */
  open(id: string, userId: string): Promise<{ created: boolean }>;
  /**
   * The conversation `id`, re-created for a client with a valid token when it is not kept (it idled
   * out, or this process restarted): its watermarks then start at the current time in
   * milliseconds, above any the client saw before.
   */
  resume(id: string, userId: string): Promise<void>;
  /** Whether the conversation is kept (a proactive message can be shown there). */
  has(id: string): Promise<boolean>;
  /** Appends with id, conversation and timestamp filled in; undefined when the conversation is not kept. */
  append(id: string, activity: Partial<Activity>): Promise<Activity | undefined>;
  /**
   * Appends a user's post. With a `clientActivityId` a store shared by replicas stores it once: a
   * retry that reaches another replica gets the first copy with `repeated: true` (or `false` when
   * the first copy's turn was cut off: see {@link postAnswered}). The in-memory store leaves
   * retries to {@link ConversationLocals.posts}.
   */
  appendPost(
    id: string,
    activity: Partial<Activity>,
    clientActivityId: string | undefined,
  ): Promise<StoredPost | undefined>;
  /**
   * The turn of a post from {@link appendPost} finished (answered, or the user told it failed). In
   * a shared store, a retry of a post whose turn never finished (its replica died mid-turn) runs
   * the turn again once the first one's lease ran out, instead of leaving the message unanswered.
   */
  postAnswered(id: string, activityId: string): Promise<void>;
  /** Replaces a stored activity (botbuilder's updateActivity); false when it is not kept any more. */
  replace(id: string, activity: Partial<Activity> & { id: string }): Promise<boolean>;
  /** The activities from `watermark` on (all kept ones when it is older than the oldest kept). */
  since(id: string, watermark: number): Promise<ActivitySet | undefined>;
  /** Whether the activity `activityId` is in the conversation's kept stream. */
  contains(id: string, activityId: string): Promise<boolean>;
  /** What this process keeps about the conversation besides its stream (see {@link ConversationLocals}). */
  locals(id: string): ConversationLocals;
}
