import { ActivityTypes, type Activity } from 'botbuilder';
import { readAlertDecision } from '../conversation/alert-card-decision';
import { readApprovalDecision } from '../conversation/approval-card';
import { readApprovalCommand } from '../conversation/approval-decision';
import { readBasisAckSubmit } from '../conversation/basis-ack-submit';
import { readChannelRegistration } from '../conversation/channel-registration';
import { readChatCommandSubmit } from '../conversation/chat-command-submit';
import { readCardSubmit } from '../conversation/confirmation-card';
import { readJobRetry } from '../conversation/job-retry';
import { readNextStepPress } from '../conversation/next-step-press';
import { readTriageFeedback } from '../conversation/triage-feedback';
import type { TurnInput, TurnSource } from '../conversation/turn-input';
import { MAX_MESSAGE_LENGTH, messageLength } from './long-message';

/** Conversation types of Teams where a member joining is not a new conversation with socbot. */
const SHARED_CONVERSATION_TYPES: ReadonlySet<string> = new Set(['channel', 'groupChat']);

/**
 * The one {@link TurnInput} an activity is, or undefined when it is nothing to answer (typing,
 * a bot joining, an event). A message is refused when too long or when it has neither text nor a
 * known card payload; otherwise the card payloads come first (Basis acknowledgement, alert
 * decision, Confirm/Cancel), a channel registration sentence next, and any other text is `text`.
 * `sourceOf` (who is asking, their roles) is called only for inputs that need it.
 *
 * @example
 *   await inputOfActivity({ type: 'message', text: 'help', … }, sourceOf); // { kind: 'text', text: 'help', source }
 */
export async function inputOfActivity(
  activity: Activity,
  sourceOf: () => Promise<TurnSource>,
): Promise<TurnInput | undefined> {
  if (activity.type === ActivityTypes.ConversationUpdate)
    return startsConversation(activity) ? { kind: 'conversation-start' } : undefined;
  if (activity.type !== ActivityTypes.Message) return undefined;
  // A next step's card button sends its words in its value: they are the presser's message; a card
  // button that sends a chat command (the AI triage card) is read as that text, typed.
  const press = readNextStepPress(activity.value);
  const text = (activity.text || press?.text || '').trim() || (readChatCommandSubmit(activity.value) ?? '');
  const length = messageLength(activity, text);
  if (length > MAX_MESSAGE_LENGTH) return { kind: 'too-long', length, limit: MAX_MESSAGE_LENGTH };
  const submit = readCardSubmit(activity.value);
  const decision = readAlertDecision(activity.value);
  const ack = readBasisAckSubmit(activity.value);
  const retry = readJobRetry(activity.value);
  const approval = readApprovalDecision(activity.value);
  const feedback = readTriageFeedback(activity.value);
  if (!text && !submit && !decision && !ack && !retry && !approval && !feedback) return { kind: 'not-text' };
  const source = await sourceOf();
  if (ack) return { kind: 'basis-ack', ack, source };
  if (retry) return { kind: 'job-retry', retry, source };
  if (approval) return { kind: 'approval-decision', decision: approval, source };
  if (feedback) return { kind: 'triage-feedback', feedback, source };
  const typedApproval = submit || decision ? undefined : readApprovalCommand(text);
  if (typedApproval) return { kind: 'approval-decision', decision: typedApproval, source };
  const command = submit ? undefined : readChannelRegistration(text);
  if (command) return { kind: 'channel-registration', command, text, source };
  if (decision) return { kind: 'alert-decision', decision, source };
  if (submit) return { kind: 'card-submit', submit, source };
  return { kind: 'text', text, source, ...(press ? { nextStep: press.id } : {}) };
}

/**
 * A conversationUpdate that adds someone other than the bot to a one-to-one conversation (Teams
 * personal chat, Web Chat): the start of a conversation, welcomed once. Members joining a Teams
 * channel or group chat are not greeted.
 */
function startsConversation(activity: Activity): boolean {
  const conversation = activity.conversation as Partial<Activity['conversation']> | undefined;
  if (conversation?.isGroup === true) return false;
  if (SHARED_CONVERSATION_TYPES.has(conversation?.conversationType ?? '')) return false;
  const botId = activity.recipient?.id;
  return (activity.membersAdded ?? []).some((member) => member.id !== botId);
}
