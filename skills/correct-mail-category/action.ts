import type { SkillAction } from '../../src/skills/types';

/** What a "Correct category" button of the mail card adds to the category slot's value. */
const FROM_CARD = ' (card)';

/** Corrects the mail's category; the service refuses an alert that did not come from the mailbox. */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const said = slots.category ?? '';
  const source = said.endsWith(FROM_CARD) ? 'card' : 'chat';
  const category = source === 'card' ? said.slice(0, -FROM_CARD.length) : said;
  const ref = slots.alert ?? '';
  if (!services.mail) {
    return { text: 'Mail corrections are not wired into this socbot; nothing changed.', outcome: 'refused' };
  }
  const allowed = await services.actions.authorize('correct_mail_category', {
    summary: `correct the mail category of ${ref}`,
    alertRef: ref,
  });
  if (!allowed.allowed) return { text: allowed.reason, outcome: 'refused' };
  const answer = await services.mail.correct({ ref, category, source, requestId });
  if (!answer.ok) return { text: answer.text, outcome: 'refused' };
  return { text: answer.text, alertRef: answer.ref };
};
