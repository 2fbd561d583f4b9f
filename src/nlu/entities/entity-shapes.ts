import { isIP } from 'node:net';
import { canonicalIp } from './address-range';

/**
 * The shapes of socbot's entity values, shared by the validator, the bare-answer parser and the
 * extractor's resolver so all three agree on what a terminal or a SID looks like.
 */

/** ETD-2024-0815, ALERT-123, SIEM-77: a tool prefix and digits. */
export const PREFIXED_ALERT_ID = /^(?:ETD|ALERT|ALR|SIEM)-\d{1,6}(?:-\d{1,10})?$/i;
const SOCBOT_REF = String.raw`SOC-\d{4}-\d{4,6}`;
/** socbot's own reference for a registered alert: SOC-2026-0001. */
export const SOCBOT_ALERT_REF = new RegExp(`^${SOCBOT_REF}$`, 'i');
/** The same reference anywhere in a text (global: for `matchAll`). */
export const SOCBOT_ALERT_REF_IN_TEXT = new RegExp(String.raw`\b${SOCBOT_REF}\b`, 'gi');
/** A GUID, as some SIEMs (Sentinel, Defender) identify alerts: 0f8fad5b-d9cb-469f-a165-70867728950e. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The characters and length a SIEM alert ID may have (as the SIEM intake accepts them): a letter
 * or digit first, then letters, digits and . _ : - only, at most 128 in all.
 */
export const SIEM_ALERT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
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
 * The canonical form of an IP: IPv6 in lower case and compressed, IPv4 as typed.
 *
 * @example
 *   normaliseIp('FE80:0::1') // → 'fe80::1'
 */
export function normaliseIp(text: string): string {
  return canonicalIp(text);
}

/** 10:30, 09:15:00: a time of day, not an ID. */
const CLOCK_TIME = /^\d{1,2}:\d{2}(?::\d{2})?$/;

/**
 * A SIEM's own alert ID that no chat word or other value looks like: a GUID, or an ID in the SIEM
 * intake's characters with a digit and an underscore or colon (alert_9, Splunk's
 * scheduler__admin__search__RMD5…_at_1700000000_42) or only digits and dots (Splunk's
 * 1700000000.42). IP addresses are never alert IDs.
 *
 * @example
 *   isSiemShapedAlertId('alert_9');        // true
 *   isSiemShapedAlertId('1700000000.42');  // true
 *   isSiemShapedAlertId('10.20.30.40');    // false (an IP)
 *   isSiemShapedAlertId('tomorrow');       // false
 */
export function isSiemShapedAlertId(text: string): boolean {
  if (GUID.test(text)) return true;
  if (!SIEM_ALERT_ID.test(text) || !/\d/.test(text) || isIpAddress(text) || CLOCK_TIME.test(text))
    return false;
  return /[_:]/.test(text) || /^\d{6,}(?:\.\d+)+$/.test(text);
}
