/** What a "Correct category" button of the mail card adds to its command, so the log says 'card'. */
export const FROM_CARD_WORDS = '(from the mail card)';

/**
 * The chat command that corrects a mail's category, as a card button sends it.
 *
 * @example
 *   correctionCommand('SOC-2026-0001', 'lost-device', 'card');
 *   // 'recategorise SOC-2026-0001 as lost-device (from the mail card)'
 */
export function correctionCommand(ref: string, category: string, source: 'card' | 'chat'): string {
  return `recategorise ${ref} as ${category}${source === 'card' ? ` ${FROM_CARD_WORDS}` : ''}`;
}
