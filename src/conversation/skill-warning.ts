import type { Skill, SkillContext } from '../skills/types';
import type { ConversationServices } from './turn';

/**
 * What the skill's check warns about now for the form's values ("already registered as …"), or
 * undefined: the skill has no check, nothing to warn about, or this is the same request again
 * after its turn was cut off mid-action. The check then only finds what that turn already did,
 * and the action continues it by its request id. The journal is asked only when the check warns:
 * one read less for every other confirmation.
 */
export async function currentWarning(
  skill: Skill,
  context: SkillContext,
  services: Pick<ConversationServices, 'wasCutOff'>,
): Promise<string | undefined> {
  if (!skill.check) return undefined;
  const checked = await skill.check(context);
  if (!checked) return undefined;
  return (await services.wasCutOff?.(context.requestId)) === true ? undefined : checked.warning;
}
