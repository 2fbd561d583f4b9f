import type { AlertDecision } from './alert-card-decision';
import type { ApprovalDecisionValue } from './approval-card';
import type { BasisAckValue } from './basis-ack-submit';
import type { ChannelRegistrationCommand } from './channel-registration';
import type { CardSubmitValue } from './confirmation-card';
import type { JobRetryValue } from './job-retry';
import type { TriageFeedbackValue } from './triage-feedback';
import type { Turn } from './turn';

/**
 * Who sent an input and in which conversation (user, actor, roles, conversation id and directory
 * key): the parts of a {@link Turn} the channel edge fills in.
 */
export type TurnSource = Pick<Turn, 'user' | 'actor' | 'roles' | 'conversationId' | 'conversationKey'>;

/**
 * One incoming activity as the conversation sees it: exactly one of these kinds, read by the
 * channel edge (src/channels/activity-input.ts), so nothing past the edge guesses what a payload
 * means.
 *
 * - `text`: a message to understand ("register alert 4711 on PRD").
 * - `card-submit`: a Confirm / Cancel button of a form's confirmation card.
 * - `alert-decision`: a button of a SIEM alert card ("Inform Basis and block", "False positive").
 * - `basis-ack`: the Acknowledge button of a Basis notice card.
 * - `job-retry`: the Retry button under a side effect that was given up or failed.
 * - `approval-decision`: Approve / Reject on an approval card, or "approve APR-0001" typed.
 * - `triage-feedback`: a rating button of an AI triage card (with its optional comment).
 * - `channel-registration`: "register this channel for basis notifications" and its opposite.
 * - `conversation-start`: someone other than the bot joined a personal chat or Web Chat.
 * - `too-long`, `not-text`: messages the edge refused to read (over the limit; no text and no
 *   known card payload); answered, nothing changes.
 */
export type TurnInput =
  /** `nextStep`: the id of the suggested next step whose button sent the text (next-step-press.ts). */
  | { kind: 'text'; text: string; source: TurnSource; nextStep?: string }
  | { kind: 'card-submit'; submit: CardSubmitValue; source: TurnSource }
  | { kind: 'alert-decision'; decision: AlertDecision; source: TurnSource }
  | { kind: 'basis-ack'; ack: BasisAckValue; source: TurnSource }
  | { kind: 'job-retry'; retry: JobRetryValue; source: TurnSource }
  | { kind: 'approval-decision'; decision: ApprovalDecisionValue; source: TurnSource }
  | { kind: 'triage-feedback'; feedback: TriageFeedbackValue; source: TurnSource }
  | {
      kind: 'channel-registration';
      command: ChannelRegistrationCommand;
      text: string;
      source: TurnSource;
    }
  | { kind: 'conversation-start' }
  | { kind: 'too-long'; length: number; limit: number }
  | { kind: 'not-text' };

/** The kinds of input that read and change the conversation's memory (the edge loads and saves it). */
const MEMORY_KINDS: ReadonlySet<TurnInput['kind']> = new Set([
  'text',
  'card-submit',
  'alert-decision',
  'conversation-start',
]);

/**
 * True when a turn of this input reads the conversation memory, so the edge loads it (with its
 * eTag) first; the others leave it alone and never fail on it.
 *
 * @example
 *   usesMemory({ kind: 'not-text' }); // false
 */
export function usesMemory(input: TurnInput): boolean {
  return MEMORY_KINDS.has(input.kind);
}
