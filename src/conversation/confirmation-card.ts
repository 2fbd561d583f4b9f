import type { SkillManifest } from '../skills/types';

/** What a Confirm / Cancel button sends back as the activity's `value`. */
export interface CardSubmitValue {
  action: 'confirm' | 'cancel';
  /** The skill the card belongs to, so a stale card cannot confirm another form. */
  skill?: string;
  /**
   * The form (request) the card belongs to, so a stale card of the same skill cannot confirm a
   * later request. Cards sent before this field existed have none.
   */
  form?: string;
  /**
   * Set on the buttons of the card that repeats a skill's warning ("already registered"): only that
   * card's Confirm insists, so a replayed Confirm of the first card cannot.
   */
  stage?: 'warning';
}

/** Form ids are socbot's own (`req-…`); anything longer is not one of ours. */
const MAX_FORM_ID_CHARS = 128;

/** Reads an activity `value` as a Confirm/Cancel submit, or undefined for anything else. */
export function readCardSubmit(value: unknown): CardSubmitValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, skill, form, stage } = value as Record<string, unknown>;
  if (action !== 'confirm' && action !== 'cancel') return undefined;
  return {
    action,
    ...(typeof skill === 'string' ? { skill } : {}),
    // A form id that is not a short string cannot match the open form: kept as '' so it is refused.
    ...(form !== undefined
      ? { form: typeof form === 'string' && form.length <= MAX_FORM_ID_CHARS ? form : '' }
      : {}),
    ...(stage === 'warning' ? { stage } : {}),
  };
}

/**
 * The confirmation as an Adaptive Card: the question, the slot values as facts, and Confirm /
 * Cancel buttons (Action.Submit, which Teams and Web Chat send as a message with `value`). The
 * buttons carry the skill and the form id, so an old card cannot confirm a later request, and the
 * `stage` of a warning card, so only its Confirm answers the warning.
 */
export function confirmationCard(
  skillName: string,
  formId: string,
  manifest: SkillManifest,
  question: string,
  values: Readonly<Record<string, string>>,
  stage?: CardSubmitValue['stage'],
): Record<string, unknown> {
  const data = { skill: skillName, form: formId, ...(stage ? { stage } : {}) };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: capitalize(manifest.title), weight: 'Bolder', size: 'Medium' },
      {
        type: 'FactSet',
        facts: manifest.slots.map((slot) => ({ title: slot.label, value: values[slot.name] ?? 'not given' })),
      },
      { type: 'TextBlock', text: question, wrap: true },
    ],
    actions: [
      {
        type: 'Action.Submit',
        title: 'Confirm',
        data: { action: 'confirm', ...data },
      },
      { type: 'Action.Submit', title: 'Cancel', data: { action: 'cancel', ...data } },
    ],
  };
}

/** "register an alert" → "Register an alert". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
