import path from 'node:path';
import { DataFile, isPlainObject } from './data-file';

/** Alert priorities, `P1` most urgent. */
export type AlertPriority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

/** What an analyst registers. */
export interface NewAlert {
  /** The alert's ID in the detecting system (e.g. SAP ETD). */
  alertId: string;
  terminal: string;
  username: string;
  /** SAP system ID (SID), e.g. `PRD`. */
  system: string;
  client?: string;
  priority: string;
  /** Who registered it (the analyst's name or channel id). */
  createdBy: string;
  /** The conversation it was registered in, to answer there later. */
  conversationId: string;
  /**
   * Idempotency key: adding an alert with a `requestId` already in the register returns the
   * existing record instead of a second one (a Confirm button clicked twice).
   */
  requestId?: string;
}

/** A registered alert. */
export interface AlertRecord extends NewAlert {
  /** socbot's own reference, `SOC-<year>-<4-digit sequence>`, e.g. `SOC-2026-0001`. */
  ref: string;
  status: 'registered';
  /** ISO 8601 time of registration. */
  createdAt: string;
}

interface AlertFile {
  alerts: AlertRecord[];
}

function isAlertFile(data: unknown): data is AlertFile {
  return isPlainObject(data) && Array.isArray(data.alerts);
}

/** The file under the data directory that holds the alert register. */
export const ALERTS_FILE_NAME = 'alerts.json';

/**
 * The local alert register (`<dataDir>/alerts.json`): every alert the bot registered, with a
 * reference that is unique per data directory and counts up per year.
 *
 * @example
 *   const register = new AlertRegister('./data');
 *   const alert = await register.add({ alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD',
 *     priority: 'P2', createdBy: 'Ana', conversationId: 'c1' });
 *   alert.ref; // 'SOC-2026-0001'
 */
export class AlertRegister {
  private readonly file: DataFile<AlertFile>;

  constructor(
    dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = new DataFile(path.join(dataDir, ALERTS_FILE_NAME), () => ({ alerts: [] }), isAlertFile);
  }

  /** Records an alert and returns it with its new reference (or the earlier record of the same `requestId`). */
  add(alert: NewAlert): Promise<AlertRecord> {
    return this.file.update((data) => {
      const earlier =
        alert.requestId && data.alerts.find((existing) => existing.requestId === alert.requestId);
      if (earlier) return earlier;
      const createdAt = this.now();
      const record: AlertRecord = {
        ...alert,
        ref: nextRef(data.alerts, createdAt.getUTCFullYear()),
        status: 'registered',
        createdAt: createdAt.toISOString(),
      };
      data.alerts.push(record);
      return record;
    });
  }

  /** Every registered alert, oldest first. */
  async list(): Promise<AlertRecord[]> {
    return (await this.file.read()).alerts;
  }

  /** True when an alert with this `requestId` is already registered. */
  hasRequest(requestId: string): Promise<boolean> {
    return this.file.view((data) => data.alerts.some((alert) => alert.requestId === requestId));
  }

  /** The alert with this reference (case-insensitive) or, failing that, the latest with this alert ID. */
  async find(refOrAlertId: string): Promise<AlertRecord | undefined> {
    // Case-insensitive: a SIEM's ID may be lower-case (a GUID, alert_9) while a form or a chat
    // message hands it over upper-cased, and the other way round.
    const wanted = refOrAlertId.trim().toUpperCase();
    // Looks through the register in place and copies only the match, not the whole register.
    return this.file.view((data) => {
      const found =
        data.alerts.find((alert) => alert.ref.toUpperCase() === wanted) ??
        data.alerts.filter((alert) => alert.alertId.toUpperCase() === wanted).pop();
      return found && structuredClone(found);
    });
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}

function nextRef(alerts: AlertRecord[], year: number): string {
  const prefix = `SOC-${year}-`;
  const highest = alerts
    .filter((alert) => alert.ref.startsWith(prefix))
    .reduce((max, alert) => Math.max(max, Number(alert.ref.slice(prefix.length)) || 0), 0);
  return `${prefix}${String(highest + 1).padStart(4, '0')}`;
}
