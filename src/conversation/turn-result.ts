import type { BotReply } from './bot-reply';
import type { ConversationMemory } from './conversation-memory';

/**
 * How a turn ended, in the spirit of botbuilder-dialogs' `DialogTurnStatus`:
 *
 * - `complete`: the input was handled and nothing waits for the analyst (an answer, a finished
 *   action, a welcome, a registration).
 * - `waiting`: a skill form is open and asked something (a slot or the confirmation); the next
 *   message continues it.
 * - `cancelled`: an open form was dropped on the analyst's cancel (Cancel button or a cancel intent).
 * - `refused`: the input was not read (too long, not text); nothing changed.
 * - `failed`: the turn failed; the reply says so and `memory` is undefined: nothing may be saved.
 */
export type TurnStatus = 'complete' | 'waiting' | 'cancelled' | 'refused' | 'failed';

/**
 * What one turn produced: the replies to send in order, the conversation memory to save before
 * they are sent (undefined when the turn did not read it: nothing to write), and how it ended.
 *
 * @example
 *   { replies: [{ text: 'From which terminal did the alert come?' }], memory: { facts: {}, form: … }, status: 'waiting' }
 */
export interface TurnResult {
  replies: BotReply[];
  memory: ConversationMemory | undefined;
  status: TurnStatus;
  /**
   * Audit entries still being written (an action's result): the edge saves `memory` meanwhile and
   * sends `replies` only once both are done. Never rejects: a failed write is logged.
   */
  written?: Promise<void>;
  /**
   * Request ids of the confirmed actions this turn wrote ahead to the intent journal: the edge
   * marks them finished once it sent `replies` (until then a crash has start-up run them again).
   */
  begun?: readonly string[];
}
