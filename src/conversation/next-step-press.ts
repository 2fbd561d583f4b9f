/** The id a suggested next step's button carries: `ns-` and a UUID. */
const NEXT_STEP_ID = /^ns-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The suggestion id a pressed next-step button sent in the activity's `value` (`{ nextStep: id }`),
 * or undefined for anything else: typed text carries none, so typing the same words is no
 * acceptance.
 *
 * @example
 *   readNextStepPress({ nextStep: 'ns-0b6f…' }); // 'ns-0b6f…'
 */
export function readNextStepPress(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as Record<string, unknown>).nextStep;
  return typeof id === 'string' && NEXT_STEP_ID.test(id) ? id : undefined;
}
