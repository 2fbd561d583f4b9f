import type { ProactiveDelivery } from '../integrations/notify/proactive-delivery';
import type { Logger } from '../logger';

/**
 * Posts into an incident's room: a result or a change that concerns the incident, so the people in
 * the room see it although it was asked for elsewhere.
 */
export interface RoomNotices {
  /**
   * Writes `text` into every conversation of the room of `ref` (Teams thread, shared Web Chat
   * page), except `except` (the conversation that asked, which is told anyway). An incident without
   * a room is no error; a conversation that does not take it is logged, never thrown.
   */
  tell(ref: string, text: string, except?: string): Promise<void>;
}

/**
 * The room notices of socbot, through the proactive delivery every late outcome uses.
 *
 * @example
 *   const notices = createRoomNotices({ rooms, delivery: sender, logger });
 *   await notices.tell('SOC-2026-0001', 'Ticket INC0010001 created for SOC-2026-0001.', 'msteams/19:asker');
 */
export function createRoomNotices(deps: {
  rooms: { roomOf(ref: string): Promise<string[] | undefined> };
  delivery: ProactiveDelivery;
  logger: Logger;
}): RoomNotices {
  return {
    async tell(ref, text, except) {
      const keys = await deps.rooms.roomOf(ref).catch((error: unknown) => {
        deps.logger.error({ err: error, ref }, 'could not read the incident rooms; the room is not told');
        return undefined;
      });
      for (const key of keys ?? []) {
        if (key === except) continue;
        await deps.delivery.deliver(key, { text }).catch((error: unknown) => {
          // A room page nobody has open (Web Chat) or a thread Teams no longer knows: the audit
          // trail and the timeline keep what happened.
          deps.logger.warn({ err: error, ref, conversationKey: key }, 'could not post to the incident room');
        });
      }
    },
  };
}
