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
import { readIndicator } from './indicators';
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
  ip: '10.20.30.40, 185.220.101[.]4 or 2001:db8::1',
  domain: 'evil.com or evil[.]com',
  url: 'https://evil.com/login or hxxps://evil[.]com/login',
  hash: 'an MD5, SHA-1 or SHA-256 such as 44d88612fea8a8f36de82e1278abb02f',
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
    case 'ip': {
      // Defanged or not: "1.2.3[.]4" is 1.2.3.4.
      const ip = readIndicator('ip', text);
      if (ip) return { ok: true, value: ip.value };
      return fail(`"${text}" is not an IPv4 or IPv6 address`);
    }
    case 'domain': {
      const domain = readIndicator('domain', value.trim());
      if (domain) return { ok: true, value: domain.value };
      return fail(`"${text}" is not a domain name with a known top-level domain`);
    }
    case 'url': {
      const url = readIndicator('url', value.trim());
      if (url) return { ok: true, value: url.value };
      return fail(`"${text}" is not a URL: give it with its scheme (https://…), defanged or not`);
    }
    case 'hash': {
      const hash = readIndicator('hash', text);
      if (hash) return { ok: true, value: hash.value };
      return fail(`"${text}" is not an MD5, SHA-1 or SHA-256 hash (32, 40 or 64 hex digits)`);
    }
    case 'priority': {
      const level = priorityLevel(text, prioritySynonyms);
      if (level !== undefined) return { ok: true, value: level };
      return fail(`"${text}" is not a priority`);
    }
    default:
      return fail(`"${text}" is not a ${type}`);
  }
}
