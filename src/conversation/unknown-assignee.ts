import { mayReadAlerts } from '../access/alert-readers';
import type { Skill, SkillSlot } from '../skills/types';
import type { FormState } from './conversation-memory';
import type { ConversationServices, Turn } from './turn';

/** A filled `person` slot that names nobody an alert can be given to, and why. */
export interface UnknownAssignee {
  slot: SkillSlot;
  reason: string;
  /** False when nobody can be named (no roles configured): the form ends instead of asking again. */
  anyoneAssignable: boolean;
}

/**
 * The form's `person` slot when its value names nobody the lifecycle can make an alert's lead (no
 * analyst or lead socbot knows, or a first name several e-mails start with), with the lifecycle's
 * reason; undefined when it names someone or is not filled. Asked as soon as the person is given,
 * so "assign SOC-2026-0001 to bob" is answered before the confirmation, not after it; the lifecycle
 * checks again when it acts. Invalid input, not a refusal: nothing is audited.
 *
 * @example
 *   const unknown = unknownAssignee(skill, form, { turn, services });
 *   if (unknown) delete form.values[unknown.slot.name]; // and ask for the person again, saying unknown.reason
 */
export function unknownAssignee(
  skill: Skill,
  form: FormState,
  { turn, services }: { turn: Turn; services: ConversationServices },
): UnknownAssignee | undefined {
  // Why a name is no one says whose e-mails it could be: told only to the SOC's own people. Anyone
  // else answering in a shared conversation is refused at the confirmation, as before.
  if (!mayReadAlerts(turn.roles)) return undefined;
  const slot = skill.manifest.slots.find((candidate) => candidate.entity === 'person');
  const person = slot ? form.values[slot.name] : undefined;
  if (!slot || person === undefined) return undefined;
  const problem = services.skillServicesFor(turn).lifecycle.assigneeProblem(person);
  return problem === undefined ? undefined : { slot, ...problem };
}
