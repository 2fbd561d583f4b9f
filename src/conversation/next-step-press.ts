/** The id a suggested next step's button carries: `ns-` and a UUID. */
const NEXT_STEP_ID = /^ns-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A pressed next-step button: the suggestion's id and, from a card's button, the words it sends. */
export interface NextStepPress {
  id: string;
  /** Set by a card's Action.Submit, which sends no message text; a messageBack sends the text itself. */
  text?: string;
}

/**
 * The next step a pressed button sent in the activity's `value` (`{ nextStep: id }` from a
 * suggested action, `{ nextStep: id, text }` from a card), or undefined for anything else: typed
 * text carries none, so typing the same words is no acceptance.
 *
 * @example
 *   readNextStepPress({ nextStep: 'ns-0b6f…' }); // { id: 'ns-0b6f…' }
 */
export function readNextStepPress(value: unknown): NextStepPress | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { nextStep, text } = value as Record<string, unknown>;
  if (typeof nextStep !== 'string' || !NEXT_STEP_ID.test(nextStep)) return undefined;
  return { id: nextStep, ...(typeof text === 'string' ? { text } : {}) };
}
