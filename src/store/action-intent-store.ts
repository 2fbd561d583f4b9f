import type { ActionIntent } from './action-intents';

/**
 * The write-ahead journal of confirmed actions, whatever keeps it: `begin` before a skill acts,
 * `finish` once the analyst was answered; what is begun and never finished was cut off and is
 * replayed with the same request id (src/app/replay-intents.ts). ActionIntentLog keeps it in a file
 * (one process); PgActionIntentLog in PostgreSQL, where any replica replays what a dead one left.
 *
 * @example
 *   await intents.begin(intent);          // resolves once kept: only then may the skill act
 *   await intents.finish([intent.requestId]);
 *   const cutOff = await intents.unfinished({ begunMsAgo: 30_000 });
 */
export interface ActionIntentStore {
  /** Resolves once the intent is kept. A request id begun again while unfinished keeps its first intent. */
  begin(intent: ActionIntent): Promise<void>;
  /**
   * Marks the intents done; resolves once that is kept, or, in a turn under the replicas' shared
   * turn lock, once it is left to the lock's release (kept before the conversation is free again).
   */
  finish(requestIds: readonly string[]): Promise<void>;
  /**
   * The intents begun and not finished, in the order they were begun; with `begunMsAgo`, only
   * those begun at least that long ago (what a live turn cannot still be working on).
   */
  unfinished(options?: { begunMsAgo?: number }): Promise<ActionIntent[]>;
  /**
   * True while the request is begun and not finished (asked when a confirmation's check warns, so
   * cheap: the file journal answers from memory, PostgreSQL by the request id's key).
   */
  isUnfinished(requestId: string): Promise<boolean>;
  /** Drops the finished intents (they are never replayed). */
  compact(): Promise<void>;
  /** Waits for the writes so far and lets go of what it holds. */
  close(): Promise<void>;
}
