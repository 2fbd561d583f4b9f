import { SocbotError } from '../errors';
import { isAlertRecord, parseRef } from './alert-record';
import type { AlertRecord } from './alert-register';
import { isPlainObject } from './data-file';

/**
 * A reference that is used without a record in the register: an alert file of an earlier socbot
 * that was moved aside (`alerts/SOC-2026-0005.json.corrupt`). Tickets and the audit trail may name
 * it, so it is never handed out again.
 */
export interface AlertReservation {
  reserved: string;
  /** Why, for whoever reads the file. */
  reason: string;
}

/** What one line of `alerts.jsonl` holds; `text` is the JSON it was read from. */
export type AlertLogLine =
  | { kind: 'alert'; record: AlertRecord; text: string }
  | { kind: 'reservation'; ref: string; text: string }
  /** Nothing: an empty line, or the start of a line a crash cut short (see {@link readAlertLogLine}). */
  | { kind: 'skip' };

/**
 * Reads one line of the alert register's file.
 *
 * - A write a crash cut short leaves the start of a line, which the next write ends (or, if that
 *   process had not seen it yet, continues). Its alert was never confirmed to anyone: the process
 *   died before answering. So a line that is not JSON is read as that start followed by the whole
 *   entry written after it, if it ends with one; a line that does not end like an entry (`}`) is
 *   only such a start, and skipped.
 * - Anything else that is not a registered alert or a reservation fails with STORAGE_CORRUPT naming
 *   the file and line: socbot never drops or rewrites an alert it cannot read.
 */
export function readAlertLogLine(line: string, file: string, lineNumber: number): AlertLogLine {
  if (line.trim() === '') return { kind: 'skip' };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    const afterCutShort = entryAfterCutShortStart(line);
    if (afterCutShort) return afterCutShort;
    if (!line.trimEnd().endsWith('}')) return { kind: 'skip' };
    throw corruptLine(file, lineNumber, error instanceof Error ? error.message : String(error), error);
  }
  return entryOf(data, line) ?? throwCorrupt(file, lineNumber);
}

function entryOf(data: unknown, text: string): AlertLogLine | undefined {
  if (isAlertRecord(data)) return { kind: 'alert', record: data, text };
  if (isAlertReservation(data)) return { kind: 'reservation', ref: data.reserved, text };
  return undefined;
}

/** The whole entry at the end of `line`, after the start of one a crash cut short. */
function entryAfterCutShortStart(line: string): AlertLogLine | undefined {
  for (let at = line.indexOf('{"', 1); at > 0; at = line.indexOf('{"', at + 1)) {
    const text = line.slice(at);
    try {
      const entry = entryOf(JSON.parse(text), text);
      if (entry) return entry;
    } catch {
      // Not there yet: the next `{"` may start it.
    }
  }
  return undefined;
}

function throwCorrupt(file: string, lineNumber: number): never {
  throw corruptLine(file, lineNumber, 'it is not a registered alert');
}

/** The line that records `record` (or a reservation): compact JSON and a newline. */
export function alertLogLine(entry: AlertRecord | AlertReservation): string {
  return `${JSON.stringify(entry)}\n`;
}

function isAlertReservation(data: unknown): data is AlertReservation {
  return (
    isPlainObject(data) &&
    typeof data.reserved === 'string' &&
    parseRef(data.reserved) !== undefined &&
    typeof data.reason === 'string'
  );
}

/** STORAGE_CORRUPT for one line: the rest of the register is fine, so the fix is that line. */
export function corruptLine(file: string, lineNumber: number, problem: string, cause?: unknown): SocbotError {
  return new SocbotError(
    'STORAGE_CORRUPT',
    `Line ${lineNumber} of the alert register ${file} cannot be read: ${problem}. socbot does not discard ` +
      'alerts it cannot read. Each line is one alert as JSON: repair that line by hand (or move it to ' +
      'another file if it is not an alert), then try again.',
    { file, line: lineNumber },
    cause === undefined ? undefined : { cause },
  );
}
