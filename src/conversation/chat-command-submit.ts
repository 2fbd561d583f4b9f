import { MAX_CHAT_COMMAND_CHARS } from '../integrations/triage/triage-card';

/**
 * Reads an activity `value` as a chat command a card button sent (`{ action: 'chat.command', text }`,
 * the AI triage card's suggested next step in Web Chat; Teams posts the same text as a message),
 * or undefined. The text is then read like anything the analyst types: recognizer, confirmation,
 * roles.
 *
 * @example
 *   readChatCommandSubmit({ action: 'chat.command', text: 'investigate SOC-2026-0001' }); // 'investigate SOC-2026-0001'
 *   readChatCommandSubmit({ action: 'alert.inform', ref: 'SOC-2026-0001' });            // undefined
 */
export function readChatCommandSubmit(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, text } = value as Record<string, unknown>;
  if (action !== 'chat.command' || typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed !== '' && trimmed.length <= MAX_CHAT_COMMAND_CHARS ? trimmed : undefined;
}
