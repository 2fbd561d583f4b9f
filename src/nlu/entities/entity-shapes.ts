import { isIP } from 'node:net';

/**
 * The shapes of socbot's entity values, shared by the validator, the bare-answer parser and the
 * extractor's resolver so all three agree on what a terminal or a SID looks like.
 */

/** ETD-2024-0815, ALERT-123, SIEM-77: a tool prefix and digits. */
export const PREFIXED_ALERT_ID = /^(?:ETD|ALERT|ALR|SIEM)-\d{1,6}(?:-\d{1,10})?$/i;
/** ServiceNow-style incident numbers: INC0012345. */
export const INCIDENT_NUMBER = /^INC\d{6,10}$/i;
/** #4711. */
export const HASH_NUMBER = /^#\d{1,10}$/;
/** 4711: only an alert ID when the context says so. */
export const BARE_NUMBER = /^\d{1,10}$/;

/** An SAP system ID: three characters, a letter first, letters or digits (PRD, S4H, P01). */
export const SID = /^[A-Za-z][A-Za-z0-9]{2}$/;
/** PRD/100, PRD-100, PRD 100, PRD client 100, PRD mandant 100. */
export const SID_WITH_CLIENT =
  /^([A-Za-z][A-Za-z0-9]{2})\s*(?:\/|-|\s|\s*(?:client|mandant|clnt)\s*)\s*(\d{3})$/i;

/** An SAP transaction code such as SE16N, SM20, SU01: looks like a user ID but is not one. */
export const TRANSACTION_CODE = /^[A-Z]{2}\d{2}[A-Z]?$/i;

/** Prefixes of hyphenated identifiers that are not host names: CVE-2024-1234, ISO-27001, SHA-256. */
export const NOT_A_HOST_PREFIX = /^(?:CVE|CWE|ISO|RFC|SHA|MD|UTF|TLS|SSL|COVID|IPV|GDPR|SOX|PCI|KB|MS)-/i;

/** An RFC 1123 host name: labels of letters, digits and inner hyphens, dot-separated. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * An SAP user name as SU01 accepts it: at most 12 characters, no spaces; letters, digits and
 * `_ . - * & /` (SAP*, J.DOE, FF_USER_07, WF-BATCH), with at least one letter.
 */
const SAP_USER = /^(?=.*[A-Za-z])[A-Za-z0-9_.\-*&/]{1,12}$/;

export function isIpAddress(text: string): boolean {
  return isIP(text) !== 0;
}

export function isHostName(text: string): boolean {
  return HOST_NAME.test(text) && /[A-Za-z]/.test(text);
}

export function isSapUserName(text: string): boolean {
  return SAP_USER.test(text);
}

/** A host name that looks like a machine, not a word: it has a digit and a hyphen or a dot. */
export function looksLikeMachineName(text: string): boolean {
  return isHostName(text) && /\d/.test(text) && /[-.]/.test(text) && !NOT_A_HOST_PREFIX.test(text);
}

/** True for alert IDs that need no context: ETD-2024-0815, ALERT-123, INC0012345, #4711. */
export function isSelfEvidentAlertId(text: string): boolean {
  return PREFIXED_ALERT_ID.test(text) || INCIDENT_NUMBER.test(text) || HASH_NUMBER.test(text);
}

/**
 * The canonical form of an IP: IPv6 in lower case, IPv4 as typed.
 *
 * @example
 *   normaliseIp('FE80::1') // → 'fe80::1'
 */
export function normaliseIp(text: string): string {
  return isIP(text) === 6 ? text.toLowerCase() : text;
}
