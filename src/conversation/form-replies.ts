import type { Skill, SkillSlot } from '../skills/types';
import { say, type BotReply } from './bot-reply';
import { capitalize, confirmationCard } from './confirmation-card';
import type { FormState } from './conversation-memory';
import { describeFilled } from './form-values';
import { TEMPLATE_PLACEHOLDER } from '../skills/manifest-schema';

/** The question for a slot, with its example. */
export function promptFor(slot: SkillSlot): BotReply {
  return say(`${slot.prompt} (e.g. ${slot.example})`);
}

/** After an invalid answer: why it was refused, and the question again. */
export function repromptFor(slot: SkillSlot, reason: string, example: string): BotReply {
  return say(
    `That doesn't look like ${withArticle(slot.label)}: ${reason}. ${slot.prompt} (e.g. ${example})`,
  );
}

/** "help" while a slot is asked: what and why. */
export function slotHelp(skill: Skill, slot: SkillSlot): BotReply {
  const optional = slot.required ? '' : ' It is optional: say "skip" to leave it out.';
  return say(
    `I'm asking for the ${slot.label} to ${skill.manifest.title}. ${slot.why}${optional} ` +
      `Answer like "${slot.example}". You can also say "status" to see what I have so far, or "cancel" to stop.`,
  );
}

/** "help" at the confirmation; at the skill's warning only "yes anyway" goes ahead, so it says that. */
export function confirmationHelp(skill: Skill, form: FormState): BotReply {
  const warned = form.awaiting.kind === 'confirm' && form.awaiting.warned !== undefined;
  return say(
    `I'm about to ${skill.manifest.title} and need your OK first: nothing happens until you confirm. ` +
      `Say ${warned ? '"yes anyway"' : '"yes"'} to go ahead, "no" to cancel, or correct a value (e.g. "the terminal is PC-0816").`,
  );
}

/** "status": what is filled, what is still missing. */
export function formStatus(skill: Skill, form: FormState): BotReply {
  const filled = describeFilled(skill, form);
  const missing = skill.manifest.slots.filter(
    (slot) => form.values[slot.name] === undefined && !form.skipped.includes(slot.name),
  );
  const required = missing.filter((slot) => slot.required).map((slot) => slot.label);
  const optional = missing.filter((slot) => !slot.required).map((slot) => slot.label);
  const parts = [`${capitalize(skill.manifest.title)}: I have ${filled || 'nothing yet'}.`];
  if (required.length > 0) parts.push(`Still needed: ${required.join(', ')}.`);
  if (optional.length > 0) parts.push(`Optional: ${optional.join(', ')}.`);
  if (required.length === 0) parts.push('Everything needed is there; waiting for your confirmation.');
  return say(parts.join(' '));
}

/** The confirmation: the filled template as text (with how to answer) and as an Adaptive Card. */
export function confirmationFor(skill: Skill, form: FormState): BotReply {
  const question = skill.manifest.confirmation.replace(TEMPLATE_PLACEHOLDER, (_match, name: string) => {
    const value = form.values[name];
    if (value === undefined) return 'not given';
    // A classification reads as words in a question: "as false positive", not "as false_positive".
    const slot = skill.manifest.slots.find((candidate) => candidate.name === name);
    return slot?.entity === 'classification' ? value.replace(/_/g, ' ') : value;
  });
  return {
    text: `${question} Say "yes" to confirm or "no" to cancel; you can still correct a value.`,
    card: confirmationCard(skill.name, form.id, skill.manifest, question, form.values),
  };
}

/**
 * The confirmation again, led by the skill's warning ("alert 4711 on PRD is already registered as
 * SOC-2026-0001: register it again anyway?"). Only an answer to the warning itself goes ahead:
 * "yes anyway" (a plain "yes" may be the first answer sent twice) or this card's Confirm (its
 * buttons carry the warning stage, so the first card's Confirm pressed again does not).
 */
export function warningFor(skill: Skill, form: FormState, warning: string): BotReply {
  const question = `${warning} Say "yes anyway" if you still want to ${skill.manifest.title}, or "no" to cancel.`;
  return {
    text: question,
    card: confirmationCard(skill.name, form.id, skill.manifest, question, form.values, 'warning'),
  };
}

/** After three invalid answers: stop, and say what was kept and how to resume. */
export function politeStop(skill: Skill, slot: SkillSlot, form: FormState): BotReply {
  const kept = describeFilled(skill, form);
  return say(
    `That's three tries for the ${slot.label}, so let's stop here; nothing was done. ` +
      (kept ? `I kept what you gave me (${kept}). ` : '') +
      `When you have the ${slot.label}, say "${skill.manifest.examples[0]}" to pick up where we left off.`,
  );
}

/** "alert ID" → "an alert ID", "terminal" → "a terminal". */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
