import type { Skill } from '../../skills/types';
import { isStep } from './step-ledger';
import type { StepOption } from './suggest-next-steps';

/**
 * What a next step's button says for the skills that work on one alert, in the order the static
 * fallback offers them. Each names the alert and leaves every decision to the analyst: "close
 * SOC-…" makes socbot ask for the classification, "add a note to SOC-…" for the note (a manifest's
 * examples carry made-up values, which a button must not send as the analyst's).
 */
const STEP_WORDS: ReadonlyArray<readonly [skill: string, words: (ref: string) => string]> = [
  ['take-alert', (ref) => `I'll take ${ref}`],
  ['investigate-incident', (ref) => `Investigate ${ref}`],
  ['talk-to-basis', () => 'inform Basis'],
  ['note-alert', (ref) => `add a note to ${ref}`],
  ['contain-alert', (ref) => `mark ${ref} contained`],
  ['close-alert', (ref) => `close ${ref}`],
  ['incident-timeline', (ref) => `show the ${ref} timeline`],
  ['assign-alert', (ref) => `assign ${ref}`],
  ['reopen-alert', (ref) => `reopen ${ref}`],
];

const REF_IN_EXAMPLE = /SOC-\d{4}-\d{4,}/;

/**
 * The steps that can be offered for alert `ref` among the installed skills: the known ones above in
 * their order, then any other skill with an alert slot that is a step (not the look-up), worded by its first example that names an
 * alert (the alert put in, anything after a colon left for the analyst to say).
 *
 * @example
 *   stepOptions(registry.skills, 'SOC-2026-0009')[0]; // { skill: 'take-alert', utterance: "I'll take SOC-2026-0009" }
 */
export function stepOptions(skills: readonly Skill[], ref: string): StepOption[] {
  const installed = new Set(skills.map((skill) => skill.name));
  const known = STEP_WORDS.filter(([skill]) => installed.has(skill)).map(([skill, words]) => ({
    skill,
    utterance: words(ref),
  }));
  const others = skills.flatMap((skill) => {
    if (STEP_WORDS.some(([name]) => name === skill.name) || !isStep(skill.name)) return [];
    if (!skill.manifest.slots.some((slot) => slot.entity === 'alertRef')) return [];
    const example = skill.manifest.examples.find((candidate) => REF_IN_EXAMPLE.test(candidate));
    if (example === undefined) return [];
    const named = example.replace(REF_IN_EXAMPLE, ref);
    const colon = named.indexOf(':', named.indexOf(ref));
    return [{ skill: skill.name, utterance: colon === -1 ? named : named.slice(0, colon) }];
  });
  return [...known, ...others];
}
