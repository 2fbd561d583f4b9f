import { NONE_INTENT, type Recognition } from '../nlu/types';
import type { ReviewSource } from '../store/review-queue';
import { say, type BotReply } from './bot-reply';
import type { ConversationMemory, OfferedSuggestions, RecognizedMessage } from './conversation-memory';
import { nearestSkills } from './nearest-skills';
import { setAsideFacts } from './form-values';
import { describeForm, endForm } from './parked-forms';
import { suggestionFor } from './small-talk';
import type { ConversationServices, Turn } from './turn';

/** The message a correction is about, and the review item already queued for it, if any. */
export interface CorrectedMessage {
  message: RecognizedMessage;
  reviewId?: string;
}

/**
 * The previous message, when "no, I meant …" can be about it: it was read as a request of its own
 * (not an answer to a form's question, which the form itself corrects), with a reading the bot was
 * sure of, or with suggestions offered for it on the last turn (`offered`).
 */
export function correctableMessage(
  memory: ConversationMemory,
  offered: OfferedSuggestions | undefined,
): CorrectedMessage | undefined {
  const message = memory.lastRecognized;
  if (!message || message.answeredForm) return undefined;
  const wasOffered = offered !== undefined && offered.text === message.text;
  if (message.intent === NONE_INTENT && !wasOffered) return undefined;
  return { message, ...(wasOffered && offered.reviewId !== undefined ? { reviewId: offered.reviewId } : {}) };
}

/**
 * "no, I meant X" where X reads as another skill's intent: the earlier message goes to the review
 * queue with that intent, the form it started (unfinished) is put down as a cancel would, and what
 * it already did is said to stay done. X unclear (`None`): the same, without an intent (X then
 * takes the not-sure path). Returns what to say before X is handled; nothing when X means the same
 * or is no request (a value: "no, I meant PC-0816" corrects the open form, which X then reaches).
 */
export async function correctEarlier(
  earlier: CorrectedMessage,
  meant: Recognition,
  memory: ConversationMemory,
  turn: Turn,
  services: ConversationServices,
): Promise<BotReply[]> {
  const { message } = earlier;
  const unclear = meant.intent === NONE_INTENT;
  const skill = services.registry.forIntent(meant.intent);
  if ((!skill && !unclear) || meant.intent === message.intent) return [];
  await queueCorrection(earlier, unclear ? undefined : meant.intent, 'correction', turn, services);
  const undone = [putDownStartedForm(message, memory, services), alreadyDone(message, services)];
  const parts = ['Sorry, I misread that; I noted it for my trainers.', ...undone, 'Now:'];
  return [say(parts.filter((part) => part !== '').join(' '))];
}

/**
 * A bare "no, that's wrong": the earlier message is queued (the intent meant is not known yet), the
 * form it started is put down, and the skills of its next-best intents are offered; pressing one
 * gives its intent to the queued item ({@link pickedSuggestion}).
 */
export async function askWhatWasMeant(
  earlier: CorrectedMessage,
  memory: ConversationMemory,
  turn: Turn,
  services: ConversationServices,
): Promise<BotReply> {
  const { message } = earlier;
  const reviewId = await queueCorrection(earlier, undefined, 'correction', turn, services);
  const undone = [putDownStartedForm(message, memory, services), alreadyDone(message, services)];
  const near = nearestSkills(message.alternatives, services.registry, [message.intent]);
  memory.offered = {
    ...offeredAbout(message),
    reviewId,
    options: near.map(({ skill, intent }) => ({ value: suggestionFor(skill).value, intent })),
  };
  const offer = near.map(({ skill }) => skill.manifest.title).join(' or ');
  const text = ['Sorry.', ...undone, `What did you mean?${offer ? ` Did you want to ${offer}?` : ''}`];
  return {
    text: text.filter((part) => part !== '').join(' '),
    suggestions: near.map(({ skill }) => suggestionFor(skill)),
  };
}

/** A message remembered as the one suggestions are offered for. */
export function offeredAbout(message: RecognizedMessage): Omit<OfferedSuggestions, 'options'> {
  return {
    text: message.text,
    intent: message.intent,
    score: message.score,
    alternatives: message.alternatives,
  };
}

/**
 * The analyst pressed (or typed, word for word) one of the suggestions offered on the last turn
 * for another intent than the bot's reading: the message they were offered for is queued (or its
 * queued item updated) with the picked intent. True when it was such a press.
 */
export async function pickedSuggestion(
  offered: OfferedSuggestions | undefined,
  text: string,
  turn: Turn,
  services: ConversationServices,
): Promise<boolean> {
  if (!offered) return false;
  const said = normalized(text);
  const option = offered.options.find((candidate) => normalized(candidate.value) === said);
  if (!option || option.intent === offered.intent) return false;
  const earlier: CorrectedMessage = {
    message: {
      text: offered.text,
      intent: offered.intent,
      score: offered.score,
      alternatives: offered.alternatives,
    },
    ...(offered.reviewId !== undefined ? { reviewId: offered.reviewId } : {}),
  };
  await queueCorrection(earlier, option.intent, 'suggestion', turn, services);
  return true;
}

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Queues the earlier message with the intent meant, or gives the intent to the item already queued
 * for it. Logged at info with the intents only: the text is the analyst's, kept in the queue.
 * Returns the item's id.
 */
async function queueCorrection(
  earlier: CorrectedMessage,
  correctIntent: string | undefined,
  source: ReviewSource,
  turn: Turn,
  services: ConversationServices,
): Promise<string | undefined> {
  const { message, reviewId } = earlier;
  // Called wrong again before saying what was meant: the item is already queued.
  if (reviewId !== undefined && correctIntent === undefined) return reviewId;
  const proposed =
    reviewId !== undefined && correctIntent !== undefined
      ? await services.reviews.propose(reviewId, correctIntent, source)
      : false;
  const id = proposed
    ? reviewId
    : (
        await services.reviews.add({
          text: message.text,
          intentGuess: message.intent,
          score: message.score,
          alternatives: message.alternatives,
          conversationId: turn.conversationId,
          source,
          ...(correctIntent !== undefined ? { correctIntent } : {}),
        })
      ).id;
  services.logger.info(
    { conversationId: turn.conversationId, source, intent: message.intent, correctIntent },
    'correction: earlier message queued for review',
  );
  return id;
}

/** Puts down, as a cancel would, the form the misread message started if it is still open. */
function putDownStartedForm(
  message: RecognizedMessage,
  memory: ConversationMemory,
  services: ConversationServices,
): string {
  const form = memory.form;
  if (!form || message.startedForm === undefined || form.id !== message.startedForm) return '';
  const described = describeForm(form, services.registry);
  endForm(memory, 'cancelled');
  setAsideFacts(memory, form);
  return `I dropped ${described}, nothing done.`;
}

/** What the misread message already did: it stays done, and the analyst is told so. */
function alreadyDone(message: RecognizedMessage, services: ConversationServices): string {
  const titles = (message.acted ?? []).map((name) => services.registry.get(name)?.manifest.title ?? name);
  if (titles.length === 0) return '';
  return `I had already done "${titles.join('" and "')}"; that stays done.`;
}
