import type { AlertRecord } from './alert-register';
import { isPlainObject } from './data-file';

/** `SOC-<year>-<sequence>`: four digits of sequence, more once a year has passed 9999 alerts. */
const REF_PATTERN = /^SOC-(\d{4})-(\d{4,})$/;

const REQUIRED_TEXT = [
  'alertId',
  'terminal',
  'username',
  'system',
  'priority',
  'createdBy',
  'conversationId',
];
const OPTIONAL_TEXT = [
  'client',
  'requestId',
  'title',
  'description',
  'ip',
  'priorityRaisedFrom',
  'priorityRaisedBecause',
];

/** The reference of the `sequence`th alert of `year`, e.g. `SOC-2026-0001`. */
export function formatRef(year: number, sequence: number): string {
  return `SOC-${year}-${String(sequence).padStart(4, '0')}`;
}

/** The year and sequence number of a reference; undefined for anything that is not one. */
export function parseRef(ref: string): { year: number; sequence: number } | undefined {
  const match = REF_PATTERN.exec(ref);
  return match ? { year: Number(match[1]), sequence: Number(match[2]) } : undefined;
}

/** Negative when `a` was registered before `b`: by year, then by sequence (not as text: 10000 > 9999). */
export function compareRefs(a: string, b: string): number {
  const [first, second] = [parseRef(a), parseRef(b)];
  if (!first || !second) return a.localeCompare(b);
  return first.year - second.year || first.sequence - second.sequence;
}

/** True for what socbot writes for a registered alert: checked on every record read from disk. */
export function isAlertRecord(data: unknown): data is AlertRecord {
  return (
    isPlainObject(data) &&
    typeof data.ref === 'string' &&
    parseRef(data.ref) !== undefined &&
    data.status === 'registered' &&
    typeof data.createdAt === 'string' &&
    REQUIRED_TEXT.every((field) => typeof data[field] === 'string') &&
    OPTIONAL_TEXT.every((field) => data[field] === undefined || typeof data[field] === 'string')
  );
}
