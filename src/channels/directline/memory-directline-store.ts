import type { Activity } from 'botbuilder';
import {
  DEFAULT_DIRECTLINE_LIMITS,
  DirectLineConversations,
  type ActivitySet,
  type DirectLineLimits,
} from './directline-conversations';
import type { ConversationLocals, DirectLineStore, StoredPost } from './directline-store';
import { RememberedPosts } from './remembered-posts';

/**
 * The embedded default {@link DirectLineStore}: {@link DirectLineConversations} in this process,
 * bounded as before (count, activities per conversation, idle time). Every call answers at once.
 *
 * @example
 *   const store = new MemoryDirectLineStore();
 *   await store.open('dl_abc', 'analyst_1');
 */
export class MemoryDirectLineStore implements DirectLineStore {
  readonly conversations: DirectLineConversations;
  private readonly limits: DirectLineLimits;

  constructor(limits: DirectLineLimits = DEFAULT_DIRECTLINE_LIMITS, now: () => number = Date.now) {
    this.limits = limits;
    this.conversations = new DirectLineConversations(limits, now);
  }

  async open(id: string, userId: string): Promise<{ created: boolean }> {
    const existed = this.conversations.get(id) !== undefined;
    this.conversations.open(id, userId);
    return { created: !existed };
  }

  async resume(id: string, userId: string): Promise<void> {
    this.conversations.resume(id, userId);
  }

  async has(id: string): Promise<boolean> {
    return this.conversations.get(id) !== undefined;
  }

  async append(id: string, activity: Partial<Activity>): Promise<Activity | undefined> {
    return this.conversations.append(id, activity);
  }

  async appendPost(id: string, activity: Partial<Activity>): Promise<StoredPost | undefined> {
    const stored = this.conversations.append(id, activity);
    return stored ? { activity: stored, repeated: false } : undefined;
  }

  /** Nothing to do: a retry that reaches this process is answered by `locals(id).posts`. */
  async postAnswered(): Promise<void> {}

  async replace(id: string, activity: Partial<Activity> & { id: string }): Promise<boolean> {
    return this.conversations.replace(id, activity);
  }

  async since(id: string, watermark: number): Promise<ActivitySet | undefined> {
    return this.conversations.since(id, watermark);
  }

  async contains(id: string, activityId: string): Promise<boolean> {
    return this.conversations.get(id)?.activities.some((stored) => stored.id === activityId) ?? false;
  }

  locals(id: string): ConversationLocals {
    // Kept on the conversation itself: forgotten with it. A conversation not kept (it was just
    // forgotten) gets throwaway ones.
    return (
      this.conversations.get(id) ?? {
        polls: new Map(),
        posts: new RememberedPosts(this.limits.maxRememberedPostsPerConversation),
      }
    );
  }
}
