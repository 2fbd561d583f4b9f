import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import type { AuditRecord } from '../audit/audit-entry';
import type { Logger } from '../logger';
import type { Recognition } from '../nlu/types';
import type { NewReviewItem, ReviewSource } from '../store/review-queue';
import type { SkillRegistry } from '../skills/skill-registry';
import type { SkillServices, UserIdentity } from '../skills/types';
import type { CardSubmitValue } from './confirmation-card';
import type { Explanation } from '../nlu/explanation';

/** One user message, already recognised, in socbot's own terms. */
export interface Turn {
  /** The message text, trimmed ('' for a card submit). */
  text: string;
  /** Set when the message is a Confirm/Cancel card button. */
  submit?: CardSubmitValue;
  /** The recognizer's reading of `text` (absent for a card submit). */
  recognition?: Recognition;
  user: UserIdentity;
  /** Who is asking, as the channel identifies them (roles are looked up from it). */
  actor: Actor;
  /** The roles the configuration gives the actor (empty: unknown user). */
  roles: Role[];
  conversationId: string;
  /** The conversation directory key, where late outcomes are reported. */
  conversationKey: string;
  /**
   * The message named an alert (a reference or an alert ID) for a skill with an alert slot, even one
   * the register does not know: that slot is then not filled with the alert the conversation is about.
   */
  namesAlert?: boolean;
}

/** A confirmed action as the intent journal records it before the skill acts. */
export interface BegunAction {
  /** The form's id, the action's idempotency key. */
  requestId: string;
  skill: string;
  slots: Readonly<Record<string, string>>;
}

/** An audit record of this turn: the actor and conversation are filled in from the turn. */
export type TurnAuditRecord = Omit<AuditRecord, 'actor' | 'conversationId'>;

/** What the conversation needs from the rest of socbot. */
export interface ConversationServices {
  registry: SkillRegistry;
  /** The services a skill action of this turn uses, bound to its user and conversation. */
  skillServicesFor(turn: Turn): SkillServices;
  /** The review queue (src/store/review-queue.ts): what the bot was unsure of, and corrections. */
  reviews: {
    add(item: NewReviewItem): Promise<{ id: string }>;
    /** Gives a pending item the intent the analyst meant; false when no pending item has `id`. */
    propose(id: string, correctIntent: string, source: ReviewSource): Promise<boolean>;
  };
  /** Appends to the audit trail as this turn's user. */
  audit(turn: Turn, record: TurnAuditRecord): Promise<void>;
  /**
   * Appends an entry nothing later in the turn depends on (an action's result) while the memory is
   * saved: runTurn hands the write back as `TurnResult.written`, and the edge sends the replies only
   * after both. Absent outside runTurn: such an entry is then awaited where it is written.
   */
  auditAlongside?(turn: Turn, record: TurnAuditRecord): void;
  /**
   * Writes ahead, durably, that the turn's confirmed action is about to run (the action-intent
   * journal, src/store/action-intents.ts): a crash before its answer was sent is finished at the
   * next start. Absent where no journal is wired (tests that wire the conversation by hand).
   */
  beginAction?(turn: Turn, action: BegunAction): Promise<void>;
  /**
   * True when the request was written ahead and never finished: a turn cut off mid-action (a
   * replica killed, a crash) whose message now arrives again. The confirmation then continues that
   * request (same request id: nothing twice) instead of warning that its own alert is registered.
   */
  wasCutOff?(requestId: string): Promise<boolean>;
  /**
   * Records that the turn's text came from pressing suggested next step `id` (src/app/next-steps/).
   * Absent where no next steps are wired.
   */
  nextStepAccepted?(turn: Turn, id: string): Promise<void>;
  /**
   * Why the model in service reads a text as it does ("why?", explain-last.ts): the recognizer's
   * `explain`, so it is the model that answered. Absent when the recognizer has none.
   */
  explain?(text: string): Promise<Explanation>;
  logger: Logger;
}
