import type { ForeseenChange, Skill, SkillPermission } from '../skills/types';
import type { FormState } from './conversation-memory';
import type { ConversationServices, Turn } from './turn';

/**
 * The lifecycle change a skill's manifest permission names. assign_alert is absent: only leads
 * have it (checked when the form starts), and no per-alert rule limits a lead.
 */
const FORESEEN_CHANGES: Partial<Record<SkillPermission, ForeseenChange>> = {
  take_alert: 'take',
  note_alert: 'note',
  contain_alert: 'contain',
  close_alert: 'close',
  reopen_alert: 'reopen',
};

/**
 * The lifecycle change a permission stands for (`close_alert` → `close`), or undefined for one
 * that changes no alert's lifecycle.
 *
 * @example
 *   foreseenChangeOf('take_alert'); // 'take'
 */
export function foreseenChangeOf(permission: SkillPermission): ForeseenChange | undefined {
  return FORESEEN_CHANGES[permission];
}

/**
 * Why the form's alert may not be changed by this analyst (audited as a refusal), or undefined when
 * it may, or when the skill changes no alert or its alert is not known yet. Asked before every
 * further question and the confirmation, so an analyst is not asked what they may not do to this
 * alert ("close SOC-2026-0001" by an analyst who does not lead it); the lifecycle checks again
 * when it acts, since the alert may change in between.
 */
export async function alertRuleRefusal(
  skill: Skill,
  form: FormState,
  { turn, services }: { turn: Turn; services: ConversationServices },
): Promise<string | undefined> {
  const change = skill.manifest.permission && FORESEEN_CHANGES[skill.manifest.permission];
  const slot = skill.manifest.slots.find((candidate) => candidate.entity === 'alertRef');
  const ref = slot ? form.values[slot.name] : undefined;
  if (!change || ref === undefined) return undefined;
  const reason = await services.skillServicesFor(turn).lifecycle.changeRefusal(ref, change);
  if (reason === undefined) return undefined;
  await services.audit(turn, {
    action: 'refusal',
    summary: `start: ${skill.manifest.title}`,
    result: reason,
    alertRef: ref,
    details: { skill: skill.name, requestId: form.id, permission: skill.manifest.permission },
  });
  return reason;
}
