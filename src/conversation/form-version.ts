import type { Skill } from '../skills/types';
import type { FormState } from './conversation-memory';
import { validateEntityValue } from './entity-values';
import { describeFilled, missingRequired } from './form-values';

/** What became of a saved form whose skill's manifest changed since it was started. */
export interface FormUpgrade {
  /** "alert ID 4711, user DDIC": the values kept, in slot order ('' for none). */
  kept: string;
  /** Labels or names of values that could not be kept. */
  dropped: string[];
}

/**
 * True when the form was started with the manifest the skill has now, and waits for something
 * that manifest still has. A form saved by an older deployment (another version, or none) is not.
 */
export function formMatchesSkill(skill: Skill, form: FormState): boolean {
  if (form.version !== skill.version) return false;
  if (form.awaiting.kind === 'confirm') return true;
  const awaited = form.awaiting.slot;
  return skill.manifest.slots.some((slot) => slot.name === awaited);
}

/**
 * A form saved before forms carried a version (no `version`) is taken as it is, and given the
 * current version, when it still fits the manifest: every value belongs to a slot and is valid for
 * it, and the form waits for a slot that exists, or for a confirmation with every required slot
 * filled. Returns false for a form that does not fit (it is then upgraded like a changed one).
 */
export function adoptUnversionedForm(skill: Skill, form: FormState): boolean {
  if (form.version !== undefined) return false;
  const slotOf = (name: string) => skill.manifest.slots.find((slot) => slot.name === name);
  const valuesFit = Object.entries(form.values).every(([name, value]) => {
    const slot = slotOf(name);
    return slot !== undefined && validateEntityValue(slot.entity, value).ok;
  });
  const waitFits =
    form.awaiting.kind === 'confirm'
      ? missingRequired(skill, form).length === 0
      : slotOf(form.awaiting.slot) !== undefined;
  if (!valuesFit || !waitFits) return false;
  form.version = skill.version;
  form.slotTypes = Object.fromEntries(skill.manifest.slots.map((slot) => [slot.name, slot.entity]));
  return true;
}

/**
 * Brings a form saved with another manifest up to the current one, in place: a value is kept
 * only for a slot that still exists with the same entity type (and whose value is still valid for
 * it); everything else is dropped, the confirmation is withdrawn, and the form waits to ask for
 * what is missing. It never acts: the caller asks the next question.
 */
export function upgradeForm(skill: Skill, form: FormState): FormUpgrade {
  const values: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(form.values)) {
    const slot = skill.manifest.slots.find((candidate) => candidate.name === name);
    const typeThen = form.slotTypes?.[name];
    const sameType = slot !== undefined && (typeThen === undefined || typeThen === slot.entity);
    if (slot && sameType && validateEntityValue(slot.entity, value).ok) values[name] = value;
    else dropped.push(slot?.label ?? name);
  }
  form.values = values;
  form.skipped = form.skipped.filter((name) =>
    skill.manifest.slots.some((slot) => slot.name === name && !slot.required),
  );
  form.awaiting = { kind: 'confirm' };
  form.version = skill.version;
  form.slotTypes = Object.fromEntries(skill.manifest.slots.map((slot) => [slot.name, slot.entity]));
  return { kept: describeFilled(skill, form), dropped };
}
