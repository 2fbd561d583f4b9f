import type { AlertPriority } from '../store/alert-register';

export type { AlertPriority };

/**
 * What every provider gets to know about an alert. All values come from validated slots; the
 * providers still bound and escape them, because validation rules change and a SIEM may send
 * anything.
 *
 * @example
 *   const alert: AlertFacts = { ref: 'SOC-2026-0001', alertId: '4711', priority: 'P2', terminal: 'PC-0815',
 *     username: 'DDIC', system: 'PRD', client: '100', requestedBy: 'Ana' };
 */
export interface AlertFacts {
  /** socbot's own reference, `SOC-2026-0001`. */
  ref: string;
  /** The alert's ID in the detecting system (SAP ETD, Splunk). */
  alertId: string;
  priority: AlertPriority;
  /** The attacker's terminal (host name as SAP logs it). */
  terminal: string;
  /** The SAP user involved. */
  username: string;
  /** SAP system ID, e.g. `PRD`. */
  system: string;
  /** SAP client, e.g. `100`. */
  client?: string;
  /** The attacker's IP address, when known. */
  ip?: string;
  /** The analyst (or `siem`) who asked for it. */
  requestedBy: string;
  /** A free-text line from the analyst or the SIEM, if any. */
  summary?: string;
}

/** `PRD/100` or `PRD`. */
export function systemLabel(alert: Pick<AlertFacts, 'system' | 'client'>): string {
  return alert.client ? `${alert.system}/${alert.client}` : alert.system;
}

const PRIORITIES: readonly AlertPriority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

/**
 * The register stores priority as text; providers need one of P1..P5.
 *
 * @example
 *   parseAlertPriority('p2'); // 'P2'
 *   parseAlertPriority('urgent'); // undefined
 */
export function parseAlertPriority(value: string): AlertPriority | undefined {
  const upper = value.trim().toUpperCase();
  return PRIORITIES.find((priority) => priority === upper);
}
