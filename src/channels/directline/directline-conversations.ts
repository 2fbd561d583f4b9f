import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { RememberedPosts } from './remembered-posts';

/** Bounds on what the Direct Line endpoint keeps in memory. */
export interface DirectLineLimits {
  /** Conversations kept at once; past it, the one idle longest is forgotten. */
  maxConversations: number;
  /** Activities kept per conversation; older ones drop out (a client that far behind misses them). */
  maxActivitiesPerConversation: number;
  /** A conversation nobody polled or posted to for this long is forgotten. */
  idleTimeoutMs: number;
  /** Client activity ids remembered per conversation, so a retried post is not handled twice. */
  maxRememberedPostsPerConversation: number;
}

/** Defaults: enough for a SOC shift, small enough to never matter for memory (~ a few MB). */
export const DEFAULT_DIRECTLINE_LIMITS: DirectLineLimits = {
  maxConversations: 500,
  maxActivitiesPerConversation: 200,
  idleTimeoutMs: 2 * 60 * 60 * 1000,
  maxRememberedPostsPerConversation: 100,
};

/** One Direct Line conversation: its activity stream, numbered by watermark. */
export interface DirectLineConversation {
  readonly id: string;
  /** The user the conversation's tokens are issued for. */
  readonly userId: string;
  /** Watermark of `activities[0]`: activities before it dropped out of the bound. */
  firstWatermark: number;
  activities: Activity[];
  lastUsedAt: number;
  /**
   * Per viewer (user id): when their last poll was (or, while polls are held back, will be)
   * answered, and how many of their polls wait: the polling-rate bound. Per viewer, because an
   * incident room's page is one conversation that several analysts poll at once.
   */
  readonly polls: Map<string, ViewerPolls>;
  /** Answers to posts by client activity id: a retried post gets the first one's. */
  readonly posts: RememberedPosts;
}

/** One viewer's polls of a conversation (see DirectLineConversation.polls). */
export interface ViewerPolls {
  lastPolledAt: number;
  heldPolls: number;
}

/** What a poll gets: the activities from a watermark on, and the watermark to ask with next. */
export interface ActivitySet {
  activities: Activity[];
  watermark: string;
}

/**
 * The Direct Line endpoint's conversations, in memory and bounded (count, activities per
 * conversation, idle time). Activity ids are `<conversationId>|<watermark>`, as Direct Line's.
 *
 * @example
 *   const conversations = new DirectLineConversations();
 *   const conversation = conversations.create('analyst_1');
 *   conversations.append(conversation.id, { type: 'message', text: 'hi' });
 *   conversations.since(conversation.id, 0); // { activities: [ { id: '…|0000000', … } ], watermark: '1' }
 */
export class DirectLineConversations {
  private readonly conversations = new Map<string, DirectLineConversation>();

  constructor(
    private readonly limits: DirectLineLimits = DEFAULT_DIRECTLINE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new conversation id (not yet created). */
  static newId(): string {
    return `dl_${randomBytes(12).toString('base64url')}`;
  }

  /**
   * A new user id for a page that did not bring one. Not `dl_…`: Web Chat replaces such ids with
   * random ones (it reserves them for ids inside Azure's tokens), and then no longer sees the
   * suggested actions addressed to its user.
   */
  static newUserId(): string {
    return `analyst_${randomBytes(9).toString('base64url')}`;
  }

  /** Creates the conversation `id` (or returns it when it exists), making room within the bound. */
  open(id: string, userId: string): DirectLineConversation {
    return this.openAt(id, userId, 0);
  }

  /**
   * The conversation `id`, re-created when this process does not keep it (socbot restarted, or it
   * idled out) for a client that holds a valid token for it: the bot's memory of it is on disk, only
   * the activity stream starts afresh. Its watermarks then start at the current time in
   * milliseconds, above any watermark the client was given before, so the client's next poll gets
   * everything new and no new activity id repeats one the client already shows.
   */
  resume(id: string, userId: string): DirectLineConversation {
    return this.get(id) ?? this.openAt(id, userId, this.now());
  }

  private openAt(id: string, userId: string, firstWatermark: number): DirectLineConversation {
    this.forgetIdle();
    const existing = this.conversations.get(id);
    if (existing) {
      existing.lastUsedAt = this.now();
      return existing;
    }
    while (this.conversations.size >= this.limits.maxConversations) this.forgetLeastRecentlyUsed();
    const conversation: DirectLineConversation = {
      id,
      userId,
      firstWatermark,
      activities: [],
      lastUsedAt: this.now(),
      polls: new Map(),
      posts: new RememberedPosts(this.limits.maxRememberedPostsPerConversation),
    };
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** Creates a conversation with a fresh id. */
  create(userId: string): DirectLineConversation {
    return this.open(DirectLineConversations.newId(), userId);
  }

  /** The conversation, or undefined when it never existed or was forgotten. */
  get(id: string): DirectLineConversation | undefined {
    const conversation = this.conversations.get(id);
    if (conversation && this.now() - conversation.lastUsedAt > this.limits.idleTimeoutMs) {
      this.conversations.delete(id);
      return undefined;
    }
    return conversation;
  }

  /**
   * Appends an activity to the stream with its id, conversation and timestamp filled in; returns the
   * stored activity. Appending to a forgotten conversation does nothing and returns undefined.
   */
  append(id: string, activity: Partial<Activity>): Activity | undefined {
    const conversation = this.get(id);
    if (!conversation) return undefined;
    const watermark = conversation.firstWatermark + conversation.activities.length;
    const stored: Partial<Activity> = {
      ...activity,
      id: `${id}|${String(watermark).padStart(7, '0')}`,
      channelId: 'webchat',
      conversation: { isGroup: false, conversationType: 'personal', name: '', ...activity.conversation, id },
      timestamp: new Date(this.now()),
    };
    conversation.activities.push(stored as Activity);
    const excess = conversation.activities.length - this.limits.maxActivitiesPerConversation;
    if (excess > 0) {
      conversation.activities.splice(0, excess);
      conversation.firstWatermark += excess;
    }
    conversation.lastUsedAt = this.now();
    return stored as Activity;
  }

  /** Replaces a stored activity (botbuilder's updateActivity); false when it is not kept any more. */
  replace(id: string, activity: Partial<Activity> & { id: string }): boolean {
    const conversation = this.get(id);
    const index = conversation?.activities.findIndex((stored) => stored.id === activity.id) ?? -1;
    if (!conversation || index < 0) return false;
    const stored = conversation.activities[index] as Activity;
    conversation.activities[index] = {
      ...stored,
      ...activity,
      conversation: stored.conversation,
    } as Activity;
    return true;
  }

  /** The activities from `watermark` on (all kept ones when it is older than the oldest kept). */
  since(id: string, watermark: number): ActivitySet | undefined {
    const conversation = this.get(id);
    if (!conversation) return undefined;
    conversation.lastUsedAt = this.now();
    const start = Math.max(0, watermark - conversation.firstWatermark);
    return {
      activities: conversation.activities.slice(start),
      watermark: String(conversation.firstWatermark + conversation.activities.length),
    };
  }

  /** How many conversations are kept (health, tests). */
  get size(): number {
    return this.conversations.size;
  }

  private forgetIdle(): void {
    const cutoff = this.now() - this.limits.idleTimeoutMs;
    for (const [id, conversation] of this.conversations) {
      if (conversation.lastUsedAt < cutoff) this.conversations.delete(id);
    }
  }

  private forgetLeastRecentlyUsed(): void {
    let oldest: DirectLineConversation | undefined;
    for (const conversation of this.conversations.values()) {
      if (!oldest || conversation.lastUsedAt < oldest.lastUsedAt) oldest = conversation;
    }
    if (oldest) this.conversations.delete(oldest.id);
  }
}
