import type { AlertView } from '../store/alert-register';
import type { AlertLifecycle } from './alert-lifecycle';
import { plainChatText } from './plain-chat-text';
import type { RoomNotices } from './room-notices';

/** The lifecycle's changes, each with the conversation it was asked in. */
type Changes = Pick<AlertLifecycle, 'takeLead' | 'assign' | 'note' | 'contain' | 'close' | 'reopen'>;
type Asked = Parameters<AlertLifecycle['takeLead']>[0];

/**
 * The alert lifecycle, with every change that changed something told in the incident's room
 * ("SOC-2026-0001 is now closed (false_positive); lead: Maria."), except in the conversation that
 * asked (the room itself, when it was asked there: its answer says it). A change asked again
 * (the same request after a crash) changes nothing and is not told twice.
 *
 * @example
 *   const lifecycle = roomToldLifecycle(createAlertLifecycle(deps), notices, (ref) => store.alerts.view(ref));
 */
export function roomToldLifecycle<L extends AlertLifecycle>(
  lifecycle: L,
  notices: RoomNotices,
  view: (ref: string) => Promise<AlertView | undefined>,
): L {
  const told = <A extends unknown[], R extends AlertView>(
    change: (asked: Asked, ...rest: A) => Promise<R>,
  ): ((asked: Asked, ...rest: A) => Promise<R>) => {
    return async (asked, ...rest) => {
      const before = await view(asked.ref);
      const after = await change(asked, ...rest);
      const what = describeChange(before, after, asked);
      if (what) await notices.tell(after.ref, what, asked.conversationKey);
      return after;
    };
  };
  const changes: Changes = {
    takeLead: told(lifecycle.takeLead.bind(lifecycle)),
    assign: told(lifecycle.assign.bind(lifecycle)),
    note: told(lifecycle.note.bind(lifecycle)),
    contain: told(lifecycle.contain.bind(lifecycle)),
    close: told(lifecycle.close.bind(lifecycle)),
    reopen: told(lifecycle.reopen.bind(lifecycle)),
  };
  return { ...lifecycle, ...changes };
}

/** The change in words, or undefined when nothing a room cares about changed. */
function describeChange(before: AlertView | undefined, after: AlertView, asked: Asked): string | undefined {
  const who = asked.actor.name ?? asked.actor.id;
  const lead = after.lead ? after.lead.name : 'nobody';
  if (before && after.notes.length > before.notes.length) {
    const note = after.notes.at(-1);
    return `${after.ref}: ${plainChatText(who)} added a note: ${plainChatText(note?.text ?? '')}`;
  }
  const statusChanged = before?.status !== after.status;
  const leadChanged = before?.lead?.name !== after.lead?.name;
  if (!statusChanged && !leadChanged) return undefined;
  const classification = after.classification ? ` (${after.classification.replace(/_/g, ' ')})` : '';
  return `${after.ref} is now ${after.status}${classification}; lead: ${plainChatText(lead)}. Changed by ${plainChatText(who)}.`;
}
