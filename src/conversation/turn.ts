import type { Logger } from '../logger';
import type { Recognition } from '../nlu/types';
import type { NewReviewItem } from '../store/review-queue';
import type { SkillRegistry } from '../skills/skill-registry';
import type { SkillServices, UserIdentity } from '../skills/types';
import type { CardSubmitValue } from './confirmation-card';

/** One user message, already recognised, in socbot's own terms. */
export interface Turn {
  /** The message text, trimmed ('' for a card submit). */
  text: string;
  /** Set when the message is a Confirm/Cancel card button. */
  submit?: CardSubmitValue;
  /** The recognizer's reading of `text` (absent for a card submit). */
  recognition?: Recognition;
  user: UserIdentity;
  conversationId: string;
}

/** What the conversation needs from the rest of socbot. */
export interface ConversationServices {
  registry: SkillRegistry;
  skillServices: SkillServices;
  reviews: { add(item: NewReviewItem): Promise<unknown> };
  logger: Logger;
}
