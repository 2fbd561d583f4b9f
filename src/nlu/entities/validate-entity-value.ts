import { isLifecycleEntityType, type EntityType } from '../types';
import {
  BARE_NUMBER,
  HASH_NUMBER,
  isHostName,
  isIpAddress,
  isSapUserName,
  isSelfEvidentAlertId,
  isSiemShapedAlertId,
  normaliseIp,
  SID,
  SID_WITH_CLIENT,
  SOCBOT_ALERT_REF,
} from './entity-shapes';
import { LIFECYCLE_EXAMPLES, validateLifecycleValue } from './lifecycle-values';
import { isNeverEntityWord, NEVER_SID_WORDS } from './never-entity-words';
import { CANONICAL_PRIORITY_WORDS, priorityLevel, type PriorityLevel } from './priority-levels';

/** A valid value in its normalised form; `client` is set for a system given with its client. */
export type EntityValueCheck =
  { ok: true; value: string; client?: string } | { ok: false; reason: string; example: string };

/** What a dialog shows when it re-prompts, per type. */
export const ENTITY_EXAMPLES: Readonly<Record<EntityType, string>> = {
  alertId: '4711, ETD-2024-0815 or INC0012345',
  terminal: 'PC-0815, fin-ws-119 or 10.20.30.40',
  username: 'DDIC, J.DOE or FF_USER_07',
  system: 'PRD, or PRD client 100',
  ip: '10.20.30.40 or 2001:db8::1',
  priority: 'P1 (critical), P2 (high), P3 (medium), P4 (low) or P5 (info)',
  ...LIFECYCLE_EXAMPLES,
};

/**
 * Checks one whole value the analyst typed in answer to a prompt and normalises it: SAP users and
 * SIDs upper-case, priorities P1..P5, alert IDs without "#". On failure it says why and gives an
 * example to re-prompt with. Surrounding spaces and a trailing full stop are ignored.
 *
 * @example
 *   validateEntityValue('system', 'prd/100') // → { ok: true, value: 'PRD', client: '100' }
 *   validateEntityValue('priority', 'high')  // → { ok: true, value: 'P2' }
 *   validateEntityValue('username', 'the')   // → { ok: false, reason: '…', example: 'DDIC, J.DOE or FF_USER_07' }
 */
export function validateEntityValue(
  type: EntityType,
  value: string,
  prioritySynonyms: ReadonlyMap<string, PriorityLevel> = CANONICAL_PRIORITY_WORDS,
): EntityValueCheck {
  if (isLifecycleEntityType(type)) return validateLifecycleValue(type, value);
  const text = value.trim().replace(/[.!?]+$/, '');
  const example = ENTITY_EXAMPLES[type];
  const fail = (reason: string): EntityValueCheck => ({ ok: false, reason, example });
  if (text === '') return fail('the answer is empty');
  if (type !== 'alertId' && SOCBOT_ALERT_REF.test(text)) {
    // socbot's own reference names a registered alert, never a terminal, user or system.
    return fail(`"${text}" is socbot's reference of a registered alert, not a ${type}`);
  }
  switch (type) {
    case 'alertId':
      if (isSelfEvidentAlertId(text) || BARE_NUMBER.test(text) || SOCBOT_ALERT_REF.test(text)) {
        return { ok: true, value: HASH_NUMBER.test(text) ? text.slice(1) : text.toUpperCase() };
      }
      // A SIEM's own ID (GUID, alert_9, a Splunk search id) as the intake accepts it, case kept:
      // it is the SIEM's reference, and the register finds it whatever the case.
      if (isSiemShapedAlertId(text)) return { ok: true, value: text };
      return fail(`"${text}" is not an alert ID: use the number or the ID from ETD or the ticket`);
    case 'terminal':
      if (isIpAddress(text)) return { ok: true, value: normaliseIp(text) };
      if (isHostName(text) && !isNeverEntityWord(text)) return { ok: true, value: text };
      return fail(`"${text}" is not a host name or IP address`);
    case 'username':
      if (isSapUserName(text) && !isNeverEntityWord(text)) return { ok: true, value: text.toUpperCase() };
      return fail(`"${text}" is not an SAP user ID: at most 12 characters, no spaces`);
    case 'system': {
      const withClient = SID_WITH_CLIENT.exec(text);
      const sid = withClient?.[1] ?? (SID.test(text) ? text : undefined);
      if (sid !== undefined && !NEVER_SID_WORDS.has(sid.toLowerCase())) {
        const client = withClient?.[2];
        return { ok: true, value: sid.toUpperCase(), ...(client !== undefined && { client }) };
      }
      return fail(`"${text}" is not an SAP system ID: three characters, a letter first (e.g. PRD, S4H, P01)`);
    }
    case 'ip':
      if (isIpAddress(text)) return { ok: true, value: normaliseIp(text) };
      return fail(`"${text}" is not an IPv4 or IPv6 address`);
    case 'priority': {
      const level = priorityLevel(text, prioritySynonyms);
      if (level !== undefined) return { ok: true, value: level };
      return fail(`"${text}" is not a priority`);
    }
    default:
      return fail(`"${text}" is not a ${type}`);
  }
}
