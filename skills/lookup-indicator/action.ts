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
  const incident = await services.indicators.incident();
  const { answers, leftOut } = await services.indicators.lookup(slots.indicators ?? '', {
    requestId,
    ...(incident ? { alertRef: incident } : {}),
  });
  const cards = answers.map((answer) => answer.text);
  if (leftOut > 0) {
    cards.push(
      `I looked up the first ${answers.length}; ${leftOut} more ${leftOut === 1 ? 'was' : 'were'} left out. Send them in another message.`,
    );
  }
  return { text: cards.join('\n\n'), ...(incident ? { alertRef: incident } : {}) };
};
