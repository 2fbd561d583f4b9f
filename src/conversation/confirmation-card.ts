import type { SkillManifest } from '../skills/types';

/** What a Confirm / Cancel button sends back as the activity's `value`. */
export interface CardSubmitValue {
  action: 'confirm' | 'cancel';
  /** The skill the card belongs to, so a stale card cannot confirm another form. */
  skill?: string;
}

/** Reads an activity `value` as a Confirm/Cancel submit, or undefined for anything else. */
export function readCardSubmit(value: unknown): CardSubmitValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, skill } = value as Record<string, unknown>;
  if (action !== 'confirm' && action !== 'cancel') return undefined;
  return typeof skill === 'string' ? { action, skill } : { action };
}

/**
 * The confirmation as an Adaptive Card: the question, the slot values as facts, and Confirm /
 * Cancel buttons (Action.Submit, which Teams and Web Chat send as a message with `value`).
 */
export function confirmationCard(
  skillName: string,
  manifest: SkillManifest,
  question: string,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
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
      { type: 'Action.Submit', title: 'Confirm', data: { action: 'confirm', skill: skillName } },
      { type: 'Action.Submit', title: 'Cancel', data: { action: 'cancel', skill: skillName } },
    ],
  };
}

/** "register an alert" → "Register an alert". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
