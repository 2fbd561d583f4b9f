import { ALERT_READER_ROLES, mayReadAlerts } from '../access/alert-readers';
import type { Recognition } from '../nlu/types';
import { NONE_INTENT } from '../nlu/types';
import { isSocbotRef, resolveAlertRefs } from './alert-ref-facts';
import { say, type BotReply } from './bot-reply';
import type { CardSubmitValue } from './confirmation-card';
import { REMEMBERED_TEXT_CHARS, type ConversationMemory } from './conversation-memory';
import { explainLast } from './explain-last';
import { answerFactStatement } from './fact-statement';
import { FACT_LABELS } from './form-values';
import { CONVERSATION_INTENTS, FACT_INTENTS } from './intents';
import { withLifecycleValues } from './lifecycle-values';
import { nearestSkills } from './nearest-skills';
import { fateOfForm } from './parked-forms';
import { continueForm, startForm } from './skill-form';
import { capabilities, smallTalk, suggestionFor } from './small-talk';
import type { ConversationServices, Turn } from './turn';

/**
 * One turn of the conversation: an open skill form continues (interruptions first); otherwise the
 * intent picks a skill, a stated fact is noted (fact-statement.ts), small talk is answered, and
 * anything the bot is not sure about gets the nearest skills as suggestions and goes to the review
 * queue. Mutates `memory`; returns the replies in order.
 */
export async function handleTurn(
  turn: Turn,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<BotReply[]> {
  const { turn: resolved, notes } = await withAlertRefFacts(turn, services);
  const lifecycle = await withLifecycleValues(resolved, memory, services);
  if (lifecycle.refusal) return [...notes, lifecycle.refusal];
  const replies = await routeTurn(lifecycle.turn, memory, services);
  return [...notes, ...lifecycle.notes, ...replies];
}

async function routeTurn(
  turn: Turn,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<BotReply[]> {
  if (memory.form) return continueForm(turn, memory, services);
  if (turn.submit) return [oldCardAnswer(turn.submit, memory)];
  const recognition = turn.recognition;
  if (!recognition) return [];
  const { intent, entities } = recognition;

  const skill = services.registry.forIntent(intent);
  if (skill) return startForm(skill, memory, entities, { turn, services });

  if (FACT_INTENTS.includes(intent)) return [await answerFactStatement(turn, recognition, memory, services)];

  switch (intent) {
    case CONVERSATION_INTENTS.help:
      return [capabilities(services.registry)];
    case CONVERSATION_INTENTS.status:
      return [say(`Nothing is in progress.${describeFacts(memory)}`)];
    case CONVERSATION_INTENTS.cancel:
      return [say("There's nothing to cancel.")];
    case CONVERSATION_INTENTS.explainLast:
      return [await explainLast(memory, services)];
  }
  const chat = smallTalk(intent, services.registry);
  if (chat) return [chat];
  return notSure(turn, recognition, memory, services);
}

/**
 * socbot's own references in the message ("tell basis about SOC-2026-0001") replaced by the facts
 * of the registered alerts they name; a reference the register does not know is said.
 */
async function withAlertRefFacts(
  turn: Turn,
  services: ConversationServices,
): Promise<{ turn: Turn; notes: BotReply[] }> {
  if (!turn.recognition) return { turn, notes: [] };
  if (!mayReadAlerts(turn.roles)) return withoutAlertRefs(turn, turn.recognition);
  const alerts = services.skillServicesFor(turn).alerts;
  const { recognition, unknown } = await resolveAlertRefs(turn.recognition, (ref) => alerts.find(ref));
  const notes = unknown.map((ref) =>
    say(
      `I have no alert ${ref} in the register, so I can't use it; check the reference or give the alert ID.`,
    ),
  );
  return { turn: { ...turn, recognition }, notes };
}

/**
 * A user who may not read the register gets nothing from it: the references are dropped before any
 * lookup (so no terminal or user of a registered alert reaches them through a form) and they are told why.
 */
function withoutAlertRefs(turn: Turn, recognition: Recognition): { turn: Turn; notes: BotReply[] } {
  const { entities } = recognition;
  const refs = entities.filter((entity) => entity.entity === 'alertId' && isSocbotRef(entity.value));
  if (refs.length === 0) return { turn, notes: [] };
  const named = refs.map((entity) => entity.value.toUpperCase()).join(', ');
  const note = say(
    `I can't look up ${named} for you: reading registered alerts needs the ${ALERT_READER_ROLES.join(' or ')} role. ` +
      'Ask a SOC lead to add you to SOCBOT_ROLES, or give the alert ID instead.',
  );
  const kept = entities.filter((entity) => !refs.includes(entity));
  return { turn: { ...turn, recognition: { ...recognition, entities: kept } }, notes: [note] };
}

/** A Confirm/Cancel button of a form that is no longer open: what became of it, truthfully. */
function oldCardAnswer(submit: CardSubmitValue, memory: ConversationMemory): BotReply {
  const fate = submit.form === undefined ? undefined : fateOfForm(memory, submit.form);
  return say(
    fate
      ? `There's nothing waiting for confirmation: that card's request ${fate}, so I did nothing with the button.`
      : "There's nothing waiting for confirmation: I don't know that request any more, so I did nothing.",
  );
}

function describeFacts(memory: ConversationMemory): string {
  const facts = Object.entries(memory.facts).map(
    ([type, value]) => `${FACT_LABELS[type as keyof typeof FACT_LABELS]} ${value}`,
  );
  return facts.length > 0 ? ` I remember: ${facts.join(', ')}.` : '';
}

/**
 * Not sure: the message is queued for review and the nearest skills are offered; the offer is
 * remembered, so pressing one of them gives the queued item the intent picked (correction.ts).
 */
async function notSure(
  turn: Turn,
  recognition: Recognition,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<BotReply[]> {
  const near = nearestSkills(recognition.alternatives, services.registry);
  const nearest = near.map(({ skill }) => skill);
  const queued = await services.reviews.add({
    text: turn.text,
    intentGuess: recognition.intent,
    score: recognition.score,
    alternatives: recognition.alternatives,
    conversationId: turn.conversationId,
    source: 'low-confidence',
  });
  memory.offered = {
    text: turn.text.slice(0, REMEMBERED_TEXT_CHARS),
    intent: recognition.intent,
    score: recognition.score,
    alternatives: recognition.alternatives.map((a) => ({ intent: a.intent, score: a.score })),
    reviewId: queued.id,
    options: near.map(({ skill, intent }) => ({ value: suggestionFor(skill).value, intent })),
  };
  services.logger.info(
    { conversationId: turn.conversationId, intent: recognition.intent, score: recognition.score },
    'not sure: utterance queued for review',
  );
  const offer = nearest.map((skill) => skill.manifest.title).join(' or ');
  const ask =
    recognition.intent === NONE_INTENT ? "I'm not sure what you mean." : "I'm not sure I can help with that.";
  return [
    {
      text: `${ask}${offer ? ` Did you want to ${offer}?` : ''} I've noted your message so my trainers can teach me.`,
      suggestions: nearest.map(suggestionFor),
    },
  ];
}
