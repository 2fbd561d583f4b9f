import type { BotReply } from './bot-reply';
import type { AboutAlert } from './conversation-memory';

/**
 * The first message of a new conversation (Teams personal chat, Web Chat): who socbot is and what
 * to type, so the page does not open empty.
 *
 * @example
 *   welcome().text; // 'Hello, I am socbot. …'
 */
export function welcome(about?: AboutAlert): BotReply {
  if (about?.room) return roomWelcome(about.ref);
  return {
    text:
      'Hello, I am socbot: I register SAP security alerts, tell the Basis team and keep the audit trail. ' +
      'Tell me what happened, for example "register alert 4711 on PRD", or say "help" to see everything I can do.',
    suggestions: [{ title: 'What can you do?', value: 'help' }],
  };
}

/** The first message of an incident's room (its shared Web Chat page): whose room it is and how to use it. */
function roomWelcome(ref: string): BotReply {
  return {
    text:
      `This is the investigation room of ${ref}: everyone here sees every message, command and result, ` +
      `and everything said here is about ${ref}. Say "show the timeline" for its history.`,
    suggestions: [{ title: 'Timeline', value: 'show the timeline' }],
  };
}
