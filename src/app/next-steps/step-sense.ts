import type { AlertStatus } from '../../store/alert-change';

/** Steps done once per alert: offering them again after they were done makes no sense. */
const ONCE_PER_ALERT: ReadonlySet<string> = new Set([
  'take-alert',
  'investigate-incident',
  'contain-alert',
  'close-alert',
  'register-alert',
]);

/** What still makes sense on a closed alert: reading it, a note, reopening it. */
const ON_A_CLOSED_ALERT: ReadonlySet<string> = new Set(['reopen-alert', 'note-alert', 'incident-timeline']);

/**
 * Whether offering `skill` as the next step of an alert makes sense: never what the alert's status
 * rules out (close a closed alert, contain a contained one, reopen an open one), never a once-only
 * step already done, and never the look-up that shows the alert.
 *
 * @example
 *   makesSenseNow('close-alert', 'closed', ['close-alert']); // false
 */
export function makesSenseNow(skill: string, status: AlertStatus, done: readonly string[]): boolean {
  if (skill === 'lookup-alert' || skill === 'register-alert') return false;
  if (status === 'closed') return ON_A_CLOSED_ALERT.has(skill);
  if (skill === 'reopen-alert') return false;
  if (skill === 'contain-alert' && status === 'contained') return false;
  if (skill === 'take-alert' && status !== 'registered') return false;
  return !(ONCE_PER_ALERT.has(skill) && done.includes(skill));
}
