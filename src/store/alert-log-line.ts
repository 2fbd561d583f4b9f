import { SocbotError } from '../errors';
import { isAlertChange, type AlertChange } from './alert-change';
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
  /** A lifecycle change of an alert registered above it (alert-change.ts). */
  | { kind: 'change'; change: AlertChange; text: string }
  /** Nothing: an empty line. */
  | { kind: 'skip' };

/**
 * Reads one complete line of the alert register's file (a cut-off last line is never passed here:
 * AlertRegister.open moves it to `alerts.jsonl.torn`). Anything that is not a registered alert or
 * a reservation fails with STORAGE_CORRUPT naming the file and line: socbot never drops or
 * rewrites an alert it cannot read, and a damaged line in the middle means an alert may be lost.
 */
export function readAlertLogLine(line: string, file: string, lineNumber: number): AlertLogLine {
  if (line.trim() === '') return { kind: 'skip' };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    throw corruptLine(file, lineNumber, error instanceof Error ? error.message : String(error), error);
  }
  return entryOf(data, line) ?? throwCorrupt(file, lineNumber);
}

function entryOf(data: unknown, text: string): AlertLogLine | undefined {
  if (isAlertRecord(data)) return { kind: 'alert', record: data, text };
  if (isAlertReservation(data)) return { kind: 'reservation', ref: data.reserved, text };
  if (isAlertChange(data)) return { kind: 'change', change: data, text };
  return undefined;
}

function throwCorrupt(file: string, lineNumber: number): never {
  throw corruptLine(file, lineNumber, 'it is not a registered alert, a reservation or a change of an alert');
}

/** The line that records `record` (or a reservation, or a change): compact JSON and a newline. */
export function alertLogLine(entry: AlertRecord | AlertReservation | AlertChange): string {
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
    `Line ${lineNumber} of the alert register ${file} cannot be read: ${problem}. socbot does not skip ` +
      'alerts it cannot read, and does not start on a register with a damaged line. Stop socbot, copy the ' +
      `file aside (\`cp "${file}" "${file}.bak"\`), then edit line ${lineNumber}: each line is one alert as ` +
      'JSON. Repair it (`socbot audit export --alert <reference>` shows what the audit trail knows of an ' +
      'alert); if only its reference is known, replace it with `{"reserved":"<reference>","reason":"damaged"}` ' +
      'so the reference is never handed out again; if it is a change (`"change":"<reference>"`) that cannot be repaired, delete it and make the change again; if it is no alert at all, delete it. Then start socbot again.',
    { file, line: lineNumber },
    cause === undefined ? undefined : { cause },
  );
}
