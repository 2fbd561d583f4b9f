import type { EntityType } from '../nlu/types';

/**
 * What the bot remembers about one conversation between turns (stored with an eTag; see
 * conversation-memory-store.ts). Plain JSON, no botbuilder types.
 */
export interface ConversationMemory {
  /**
   * Values the analyst stated, by entity type ("the user is DDIC" → `{ username: 'DDIC' }`), and
   * every slot value filled in a form. A skill starting later fills its slots from here.
   */
  facts: Partial<Record<EntityType, string>>;
  /** The skill form in progress, if any. */
  form?: FormState;
  /**
   * The facts as they were when the last action was done, or a form holding an alert ID ended
   * without acting (`setAsideFacts`). When a later skill starts for another alert ID, facts still
   * equal to these belong to that earlier alert and are not reused.
   */
  closedFacts?: Partial<Record<EntityType, string>>;
  /**
   * True once the conversation was welcomed: a conversation that starts again (a Web Chat page
   * reconnecting after a restart, the app reinstalled in Teams) is not welcomed twice.
   */
  welcomed?: boolean;
  /** Forms put aside when the analyst switched skills, most recent last; resumed when `form` ends. */
  parked?: FormState[];
  /** How the last forms ended, newest last (a few), so an old card can say what became of its form. */
  ended?: EndedForm[];
  /**
   * The registered alert the conversation is about: what "it" / "this one" means in a lifecycle
   * command ("close it as a false positive"). Set when an action or a lookup names one alert; in an
   * incident room it is the room's incident and `room` is true (it never moves to another alert).
   */
  about?: AboutAlert;
  /**
   * The last message the model recognised (not one about an earlier message, such as "why?"), so
   * "why did you think that?" and "no, I meant …" know which message they are about.
   */
  lastRecognized?: RecognizedMessage;
  /**
   * The suggestion buttons of the last answer that offered other skills for a message (the not-sure
   * path, "no, that's wrong"): pressing or typing one queues that message for review with the
   * picked intent. Only the latest offer; any other message drops it.
   */
  offered?: OfferedSuggestions;
}

/** A recognised message as remembered (see {@link ConversationMemory.lastRecognized}). */
export interface RecognizedMessage {
  /** The text, cut to {@link REMEMBERED_TEXT_CHARS}. */
  text: string;
  intent: string;
  score: number;
  /** The nearest in-scope intents, highest first. */
  alternatives: { intent: string; score: number }[];
  /** The id of the form this message started, so "no, I meant …" can put it down unfinished. */
  startedForm?: string;
  /** The skills whose action this message ran (what "no, I meant …" cannot undo). */
  acted?: string[];
  /** True when the message was an answer to an open form's question, not a request of its own. */
  answeredForm?: boolean;
}

/** Suggestions offered for a message (see {@link ConversationMemory.offered}). */
export interface OfferedSuggestions {
  /** The message they were offered for, cut to {@link REMEMBERED_TEXT_CHARS}. */
  text: string;
  intent: string;
  score: number;
  alternatives: { intent: string; score: number }[];
  /** The review item already queued for that message (the not-sure path), updated on a press. */
  reviewId?: string;
  /** What each button sends and the intent it stands for. */
  options: { value: string; intent: string }[];
}

/** How much of the last recognised message is remembered: enough to explain or correct it, no more. */
export const REMEMBERED_TEXT_CHARS = 500;

/** The alert a conversation is about (see {@link ConversationMemory.about}). */
export interface AboutAlert {
  /** socbot's reference, `SOC-2026-0001`. */
  ref: string;
  /** True in an incident room: bound to this incident for good. */
  room?: boolean;
}

/** A form that is no longer open, and why. */
export interface EndedForm {
  id: string;
  skill: string;
  /**
   * finished: acted; refused: the user was not allowed, nothing done; put-down: dropped unfinished
   * when a fourth form was kept aside; skill-removed: its skill is no longer installed.
   */
  outcome: 'finished' | 'cancelled' | 'stopped' | 'changed' | 'refused' | 'put-down' | 'skill-removed';
}

/** A skill form in progress. */
export interface FormState {
  /** Unique per form: the idempotency key of the skill's action. */
  id: string;
  /** The skill's name (its folder under skills/). */
  skill: string;
  /** Filled slot values, by slot name. */
  values: Record<string, string>;
  /** Optional slots the analyst chose to skip. */
  skipped: string[];
  /** What the bot asked last. */
  awaiting: AwaitingSlot | AwaitingConfirmation;
  /**
   * The version of the skill's manifest the form was started with (manifest-version.ts); a form
   * saved without one, or with another, is checked against the current slots before it may act.
   */
  version?: string;
  /** Each slot's entity type when the form started: a value is kept only for a slot of the same type. */
  slotTypes?: Record<string, EntityType>;
}

/** The form asked for a slot. */
export interface AwaitingSlot {
  kind: 'slot';
  slot: string;
  /** Invalid answers so far for this slot; at three the form stops politely. */
  failures: number;
}

/** The form showed its confirmation and waits for yes / no / a correction. */
export interface AwaitingConfirmation {
  kind: 'confirm';
  /**
   * The skill's check warned (e.g. already registered): only an answer to the warning itself acts
   * ("yes anyway", or the Confirm of the warning card, which carries stage 'warning').
   */
  warned?: string;
}

/** A new conversation's memory. */
export function emptyMemory(): ConversationMemory {
  return { facts: {} };
}
