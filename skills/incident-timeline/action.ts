import type { SkillAction, TimelineLine } from '../../src/skills/types';

/** How many of the latest entries a chat message shows; the export has them all. */
const SHOWN = 15;

/**
 * The incident's timeline in chat: a header with its status and lead, then the latest entries
 * (oldest of them first) and how many earlier ones `socbot audit export --alert REF` adds.
 */
export const act: SkillAction = async ({ slots, services }) => {
  const incident = slots.incident ?? '';
  const permission = await services.actions.authorize('investigate_alert', {
    summary: `show the timeline of ${incident}`,
  });
  if (!permission.allowed) return { text: `I did not show it. ${permission.reason}`, outcome: 'refused' };

  const timeline = await services.incidents.timeline(incident);
  const header = `Timeline of ${timeline.ref} (${timeline.status}; lead: ${timeline.lead ?? 'nobody yet'}).`;
  if (timeline.lines.length === 0)
    return { text: `${header} Nothing is recorded yet.`, alertRef: timeline.ref };
  const earlier = Math.max(0, timeline.lines.length - SHOWN);
  const shown = timeline.lines.slice(earlier).map(line);
  const more =
    earlier > 0
      ? `${earlier} earlier ${earlier === 1 ? 'entry' : 'entries'}: \`socbot audit export --alert ${timeline.ref}\` has them all.`
      : '';
  return { text: [header, more, ...shown].filter((part) => part !== '').join('\n'), alertRef: timeline.ref };
};

function line(entry: TimelineLine): string {
  const at = entry.at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '');
  return `- ${at} ${entry.who}: ${entry.what}${entry.result ? ` → ${entry.result}` : ''}`;
}
