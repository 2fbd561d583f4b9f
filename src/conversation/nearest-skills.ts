import type { SkillRegistry } from '../skills/skill-registry';
import type { Skill } from '../skills/types';

/** How many skills the bot offers when it is not sure what the analyst meant. */
const SUGGESTION_COUNT = 2;

/** A skill offered instead of the bot's reading, with the intent a press of it stands for. */
export interface NearSkill {
  skill: Skill;
  intent: string;
}

/**
 * The skills of the best alternative intents, topped up with the other skills, at most two; only
 * skills offered as buttons (`suggested`), and none for the intents in `except` (the reading the
 * analyst just called wrong).
 */
export function nearestSkills(
  alternatives: readonly { intent: string }[],
  registry: SkillRegistry,
  except: readonly string[] = [],
): NearSkill[] {
  const excluded = new Set(except.map((intent) => registry.forIntent(intent)).filter((s) => s !== undefined));
  const ranked = alternatives.flatMap((alternative) => {
    const skill = registry.forIntent(alternative.intent);
    return skill ? [{ skill, intent: alternative.intent }] : [];
  });
  const others = registry.skills.flatMap((skill) => {
    const intent = skill.manifest.triggerIntents[0];
    return intent === undefined ? [] : [{ skill, intent }];
  });
  const offered: NearSkill[] = [];
  for (const near of [...ranked, ...others]) {
    if (!near.skill.manifest.suggested || excluded.has(near.skill)) continue;
    if (offered.some((kept) => kept.skill === near.skill)) continue;
    offered.push(near);
  }
  return offered.slice(0, SUGGESTION_COUNT);
}
