import type { SkillAction } from '../../src/skills/types';
import { notDone } from '../lookup-alert/alert-replies';

/** Records the note on the alert. */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const noted = await services.lifecycle.note(slots.alert ?? '', slots.note ?? '', requestId);
  if (!noted.ok) return notDone(noted);
  const alert = noted.value;
  const count = alert.notes.length === 1 ? 'its first note' : `${alert.notes.length} notes now`;
  return { text: `Noted on ${alert.ref} (${count}).`, alertRef: alert.ref };
};
