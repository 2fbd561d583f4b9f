import type { SkillRegistry } from '../skills/skill-registry';
import type { ConversationMemory, EndedForm, FormState } from './conversation-memory';
import { describeFilled } from './form-values';

/** Forms kept aside at most; switching again puts the oldest down for good (recorded as put-down). */
const MAX_PARKED = 3;
/** Ended forms remembered for old cards. */
const MAX_ENDED = 10;

/**
 * Puts the open form aside (the analyst switched to another skill) and returns what to tell them:
 * `I've kept "register an alert" (alert ID 4711) aside; we'll come back to it.` Beyond
 * MAX_PARKED the oldest is put down for good, and that is said too: nothing is dropped silently.
 */
export function parkForm(memory: ConversationMemory, registry: SkillRegistry): string {
  const form = memory.form;
  if (!form) return '';
  delete memory.form;
  const parked = [...(memory.parked ?? []), form];
  const putDown: string[] = [];
  while (parked.length > MAX_PARKED) {
    const dropped = parked.shift();
    if (!dropped) break;
    recordEnd(memory, dropped, 'put-down');
    putDown.push(
      `I put ${describeForm(dropped, registry)} down for good, nothing done: I keep at most ${MAX_PARKED} requests aside. `,
    );
  }
  memory.parked = parked;
  return `I've kept ${describeForm(form, registry)} aside, nothing done yet; we'll come back to it. ${putDown.join('')}`;
}

/** A form in words: `"register an alert" (alert ID 4711)`, by slot name when its skill is gone. */
export function describeForm(form: FormState, registry: SkillRegistry): string {
  const skill = registry.get(form.skill);
  const kept = skill ? describeFilled(skill, form) : describeRawValues(form);
  return `"${skill?.manifest.title ?? form.skill}"${kept ? ` (${kept})` : ''}`;
}

/** `alertId 4711, terminal PC-0815`: a form's values without its skill's labels. */
export function describeRawValues(form: FormState): string {
  return Object.entries(form.values)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
}

/** Closes the open form with `outcome` (remembered for old cards). */
export function endForm(memory: ConversationMemory, outcome: EndedForm['outcome']): void {
  const form = memory.form;
  delete memory.form;
  if (form) recordEnd(memory, form, outcome);
}

/** Records a form that is not open (a parked one) as ended with `outcome`, for old cards. */
export function endParkedForm(
  memory: ConversationMemory,
  form: FormState,
  outcome: EndedForm['outcome'],
): void {
  recordEnd(memory, form, outcome);
}

/** Takes the most recently parked form (or the parked form of `skillName`) out of the parking. */
export function unpark(memory: ConversationMemory, skillName?: string): FormState | undefined {
  const parked = memory.parked ?? [];
  const index =
    skillName === undefined ? parked.length - 1 : parked.findLastIndex((form) => form.skill === skillName);
  if (index < 0) return undefined;
  const [form] = parked.splice(index, 1);
  if (parked.length === 0) delete memory.parked;
  else memory.parked = parked;
  return form;
}

/** The parked form with this slot value, if any: an unconfirmed request about the same thing. */
export function parkedWithValue(memory: ConversationMemory, value: string): FormState | undefined {
  return (memory.parked ?? []).find((form) => Object.values(form.values).includes(value));
}

/**
 * What became of the form an old card belongs to, in words ("was cancelled", "is kept aside"),
 * or undefined when this conversation does not know the form.
 */
export function fateOfForm(memory: ConversationMemory, formId: string): string | undefined {
  if ((memory.parked ?? []).some((form) => form.id === formId)) {
    return "is kept aside and not done yet (we'll come back to it when this one is finished or cancelled)";
  }
  const ended = (memory.ended ?? []).find((form) => form.id === formId);
  switch (ended?.outcome) {
    case 'finished':
      return 'was already confirmed and done';
    case 'cancelled':
      return 'was cancelled';
    case 'stopped':
      return 'was stopped after three unreadable answers';
    case 'changed':
      return 'ended when its skill was changed';
    case 'refused':
      return 'was refused, so nothing was done';
    case 'put-down':
      return `was put down unfinished, since I keep at most ${MAX_PARKED} requests aside; nothing was done`;
    case 'skill-removed':
      return 'ended because its skill is no longer installed; nothing was done';
    default:
      return undefined;
  }
}

function recordEnd(memory: ConversationMemory, form: FormState, outcome: EndedForm['outcome']): void {
  memory.ended = [...(memory.ended ?? []), { id: form.id, skill: form.skill, outcome }].slice(-MAX_ENDED);
}
