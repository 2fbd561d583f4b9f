import { SocbotError } from '../../errors';

/** One calendar month in UTC, as `socbot mail report --month` takes it. */
export interface ReportMonth {
  /** `2026-11`. */
  readonly label: string;
  /** ISO 8601 of the first instant of the month and of the next month (exclusive). */
  readonly start: string;
  readonly end: string;
}

/**
 * Reads `YYYY-MM` (months 01–12); anything else is a USAGE error that names the format.
 *
 * @example
 *   parseReportMonth('2026-11'); // { label: '2026-11', start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' }
 */
export function parseReportMonth(text: string): ReportMonth {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text.trim());
  if (!match) {
    throw new SocbotError(
      'USAGE',
      `--month "${text}" is not a month. Give it as YYYY-MM, e.g. --month 2026-11 (or leave it out for the current month).`,
    );
  }
  return monthOf(Number(match[1]), Number(match[2]) - 1);
}

/**
 * The UTC month an instant falls in.
 *
 * @example
 *   monthContaining(new Date('2026-12-06T19:55:00Z')).label; // '2026-12'
 */
export function monthContaining(at: Date): ReportMonth {
  return monthOf(at.getUTCFullYear(), at.getUTCMonth());
}

function monthOf(year: number, monthIndex: number): ReportMonth {
  const start = new Date(Date.UTC(year, monthIndex, 1));
  const end = new Date(Date.UTC(year, monthIndex + 1, 1));
  return {
    label: start.toISOString().slice(0, 7),
    start: start.toISOString(),
    end: end.toISOString(),
  };
}
