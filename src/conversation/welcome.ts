import type { BotReply } from './bot-reply';

/**
 * The first message of a new conversation (Teams personal chat, Web Chat): who socbot is and what
 * to type, so the page does not open empty.
 *
 * @example
 *   welcome().text; // 'Hello, I am socbot. …'
 */
export function welcome(): BotReply {
  return {
    text:
      'Hello, I am socbot: I register SAP security alerts, tell the Basis team and keep the audit trail. ' +
      'Tell me what happened, for example "register alert 4711 on PRD", or say "help" to see everything I can do.',
    suggestions: [{ title: 'What can you do?', value: 'help' }],
  };
}
