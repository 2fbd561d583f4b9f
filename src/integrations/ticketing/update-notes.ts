import { multiLine, TEXT_MAX_CHARS } from '../bounded-text';
import type { TicketUpdate } from './ticketing-provider';

/** Notes that go with a close or reopen: who did it and why, a few lines. */
export const CHANGE_NOTES_MAX_CHARS = 3000;

/**
 * The update's notes as they may leave socbot: control characters removed (line breaks kept) and
 * bounded, 4000 characters for a note (its text is the whole point of the update) and 3000 beside a
 * close or reopen. Each provider escapes the result for its own markup.
 *
 * @example
 *   updateNotes({ ...update, change: 'note', notes: 'VirusTotal: 12 malicious\r\n' }); // 'VirusTotal: 12 malicious'
 */
export function updateNotes(update: Pick<TicketUpdate, 'change' | 'notes'>): string {
  return multiLine(update.notes, update.change === 'note' ? TEXT_MAX_CHARS : CHANGE_NOTES_MAX_CHARS);
}
