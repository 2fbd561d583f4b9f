import type { PriorityLevel } from '../../nlu/entities';

/** The fields of socbot's own alert shape that a foreign field can feed. */
export type SocbotAlertField =
  'alertId' | 'terminal' | 'username' | 'system' | 'ip' | 'priority' | 'title' | 'description';

/**
 * SAP Enterprise Threat Detection's alert fields (as its alert publishing names them: the JSON
 * export and the LEEF/syslog forwarding use the same attribute names) → socbot's fields. For each
 * socbot field the first ETD field present wins: the initiator's host before the actor's, the
 * acting account before its pseudonym.
 */
export const ETD_FIELD_MAPPING: Readonly<Record<SocbotAlertField, readonly string[]>> = {
  alertId: ['AlertId'],
  terminal: ['NetworkHostnameInitiator', 'NetworkHostnameActor'],
  ip: ['NetworkIPAddressInitiator', 'NetworkIPAddressActor'],
  username: ['UserAccountActing', 'UserPseudonymActing'],
  system: ['SystemIdActor', 'SystemId'],
  priority: ['Severity', 'sev'],
  title: ['PatternName', 'PatternDescription'],
  description: ['Text'],
};

/** The field that tells an ETD alert from socbot's own shape. */
export const ETD_MARKER_FIELD = 'AlertId';

/**
 * ETD severities: words (`VERY_HIGH`, `High`…) or the LEEF `sev` number 1–10.
 *
 * @example
 *   etdSeverityToPriority('VERY_HIGH'); // 'P1'
 *   etdSeverityToPriority(7);           // 'P2'
 *   etdSeverityToPriority('whatever');  // undefined
 */
export function etdSeverityToPriority(value: unknown): PriorityLevel | undefined {
  if (typeof value === 'string' && /^\d{1,2}$/.test(value.trim())) return leefSeverity(Number(value));
  if (typeof value === 'number') return leefSeverity(value);
  if (typeof value !== 'string') return undefined;
  return ETD_SEVERITY_WORDS[
    value
      .trim()
      .toLowerCase()
      .replace(/[_\s]+/g, ' ')
  ];
}

const ETD_SEVERITY_WORDS: Readonly<Record<string, PriorityLevel>> = {
  'very high': 'P1',
  high: 'P2',
  medium: 'P3',
  low: 'P4',
};

function leefSeverity(sev: number): PriorityLevel | undefined {
  if (!Number.isInteger(sev) || sev < 1 || sev > 10) return undefined;
  if (sev >= 9) return 'P1';
  if (sev >= 7) return 'P2';
  if (sev >= 5) return 'P3';
  if (sev >= 3) return 'P4';
  return 'P5';
}
