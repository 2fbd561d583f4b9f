import type { AlertListFilter, SkillReply, SkillServices } from '../../src/skills/types';
import { alertLine, notDone } from '../lookup-alert/alert-replies';

/** A chat answer lists at most this many alerts, then says how many more there are. */
export const MAX_LISTED = 10;

/** What a list is called, and what it says when it is empty. */
export interface ListWords {
  heading: string;
  none: string;
}

/**
 * The alerts of `filter` (not closed; led by the asker; P1/P2), most urgent first and within a
 * priority oldest first, one list item each, at most ten and "… and N more". A list names no single
 * alert, so "it" stays what it was.
 *
 * @example
 *   await listReply(services, 'urgent', { heading: 'Open P1/P2 alerts', none: 'No P1 or P2 alert is open.' });
 */
export async function listReply(
  services: SkillServices,
  filter: AlertListFilter,
  words: ListWords,
): Promise<SkillReply> {
  const listed = await services.lifecycle.list(filter);
  if (!listed.ok) return notDone(listed);
  const alerts = [...listed.value].sort((a, b) => a.priority.localeCompare(b.priority));
  if (alerts.length === 0) return { text: words.none };
  // A Markdown list (blank line before and after, `- ` items): Web Chat and Teams render Markdown
  // and would run single lines together into one paragraph; the console prints the lines as they are.
  const items = alerts.slice(0, MAX_LISTED).map((alert) => `- ${alertLine(alert)}`);
  const more = alerts.length - MAX_LISTED;
  return {
    text: [
      `${words.heading} (${alerts.length}):\n\n${items.join('\n')}`,
      ...(more > 0 ? [`… and ${more} more.`] : []),
    ].join('\n\n'),
  };
}
