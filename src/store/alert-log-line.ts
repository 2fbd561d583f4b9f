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

/** What one line of `alerts.jsonl` holds. */
export type AlertLogLine =
  | { kind: 'alert'; record: AlertRecord }
  | { kind: 'reservation'; ref: string }
  /** Nothing: an empty line, or the start of a line a crash cut short (see {@link readAlertLogLine}). */
  | { kind: 'skip' };

/**
 * Reads one line of the alert register's file.
 *
 * - A line that is not JSON and does not end like a record (`}`) is the start of a write a crash
 *   cut short: its alert was never confirmed to anyone (the process died before answering), and a
 *   later write ended the line. It is skipped.
 * - Anything else that is not a registered alert or a reservation fails with STORAGE_CORRUPT naming
 *   the file and line: socbot never drops or rewrites an alert it cannot read.
 */
export function readAlertLogLine(line: string, file: string, lineNumber: number): AlertLogLine {
  if (line.trim() === '') return { kind: 'skip' };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    if (!line.trimEnd().endsWith('}')) return { kind: 'skip' };
    throw corruptLine(file, lineNumber, error instanceof Error ? error.message : String(error), error);
  }
  if (isAlertRecord(data)) return { kind: 'alert', record: data };
  if (isAlertReservation(data)) return { kind: 'reservation', ref: data.reserved };
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
