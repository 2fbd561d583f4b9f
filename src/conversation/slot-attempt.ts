import type { Recognition } from '../nlu/types';
import type { SkillSlot } from '../skills/types';

/**
 * Below this score a small-talk intent does not outweigh a message that looks like an answer: a
 * classifier trained on "bye" and "thanks" reads short unknown words ("prio hgh") as small talk.
 */
export const SMALL_TALK_FLOOR = 0.85;

/**
 * True when a message, sent while `slot` is asked, is an attempt at answering it, even a misspelt
 * one: it names the slot ("prio hgh" for the priority: "prio" starts "priority"), or the model is
 * not sure and the message has the shape of a value (a digit, an ID with - . _ /). Such a message is
 * answered as an answer to the slot (re-prompted with the valid values), never as small talk.
 */
export function isSlotAttempt(slot: SkillSlot, text: string, recognition: Recognition | undefined): boolean {
  if (mentionsSlot(slot, text)) return true;
  const unsure = (recognition?.score ?? 0) < SMALL_TALK_FLOOR;
  return unsure && /[\d._/-]/.test(text);
}

/** A word of the message that is the slot's label, name or entity word, or a clear abbreviation of one. */
function mentionsSlot(slot: SkillSlot, text: string): boolean {
  const names = [...slot.label.split(/\s+/), slot.name, slot.entity]
    .map((word) => word.toLowerCase())
    .filter((word) => word.length >= 3 && word !== 'the');
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  return words.some(
    (word) =>
      word.length >= 3 && names.some((name) => name === word || (word.length >= 4 && name.startsWith(word))),
  );
}
