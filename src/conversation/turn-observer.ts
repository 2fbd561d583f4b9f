import type { Recognition } from '../nlu/types';
import type { TurnStatus } from './turn-result';

/**
 * What the conversation reports about itself while it runs, for the metrics (src/metrics/): how each
 * turn ended, and what the NLU made of each message it was asked to understand. Counts only: never
 * the text, a conversation id or a user, so an observer cannot leak what analysts say.
 *
 * @example
 *   const observer: TurnObserver = { turnEnded: (status) => counts[status]++, recognized: () => undefined };
 */
export interface TurnObserver {
  /** Once per turn that answered an input, with how it ended (a failed save of the memory is `failed`). */
  turnEnded(status: TurnStatus): void;
  /**
   * Once per text message the NLU recognised. `answersForm`: the message was a bare answer to an
   * open form's question ("PC-0815"), which the model is not expected to place in any intent.
   */
  recognized(recognition: Recognition, answersForm: boolean): void;
}
