import type { Recognition } from '../nlu/types';
import { say, type BotReply } from './bot-reply';
import type { ConversationMemory } from './conversation-memory';
import { entityValue } from './entity-values';
import { acknowledge, applyEntities, FACT_LABELS } from './form-values';

/**
 * A statement of fact with no form open ("the user is DDIC", "the terminal was PC-0815"): its
 * values are remembered as conversation facts, and the next skill starts with them.
 */
export function answerFactStatement(memory: ConversationMemory, recognition: Recognition): BotReply {
  const changes = applyEntities(memory, recognition.entities);
  if (changes.length > 0) return say(acknowledge(changes));
  return alreadyKnownOrUnread(memory, recognition);
}

/** Nothing new: the values are known already, or none could be read. */
function alreadyKnownOrUnread(memory: ConversationMemory, recognition: Recognition): BotReply {
  const known = recognition.entities.filter((entity) => memory.facts[entity.entity] === entityValue(entity));
  if (known.length > 0) {
    return say(
      `I already have that: ${known.map((e) => `${FACT_LABELS[e.entity]} ${entityValue(e)}`).join(', ')}.`,
    );
  }
  return say(
    "I think you're telling me about the incident, but I couldn't read the value. " +
      'Say it like "the user is DDIC", "the terminal was PC-0815" or "it happened on PRD".',
  );
}
