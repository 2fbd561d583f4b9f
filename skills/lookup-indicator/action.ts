import type { SkillAction } from '../../src/skills/types';

/**
 * One card per indicator, for everyone in the conversation; in an incident room the look-up belongs
 * to the incident (its timeline shows who looked up what). A source that is rate-limiting us posts
 * its answer here later.
 */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const allowed = await services.actions.authorize('enrich_indicator', {
    summary: `look up ${slots.indicators ?? 'an indicator'}`,
  });
  if (!allowed.allowed) return { text: allowed.reason, outcome: 'refused' };
  const values = (slots.indicators ?? '').split(/\s+/).filter((value) => value !== '');
  const incident = await services.indicators.incident();
  const answers = await services.indicators.lookup(values, {
    requestId,
    ...(incident ? { alertRef: incident } : {}),
  });
  const cards = answers.map((answer) => answer.text).join('\n\n');
  return { text: cards, ...(incident ? { alertRef: incident } : {}) };
};
