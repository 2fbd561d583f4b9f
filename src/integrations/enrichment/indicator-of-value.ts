import { isIP } from 'node:net';
import type { Indicator } from './indicator-report';

/** MD5, SHA-1 and SHA-256 in hex. */
const HASH = /^(?:[a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64})$/i;
/** A URL keeps its scheme after refanging. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A host name: labels of letters, digits and hyphens, a dot between them. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

/**
 * The kind of an already refanged, normalised indicator value (an `indicators` slot's value), or
 * undefined for something that is none of them.
 *
 * @example
 *   indicatorOfValue('185.220.101.4') // { kind: 'ip', value: '185.220.101.4' }
 *   indicatorOfValue('evil.com')      // { kind: 'domain', value: 'evil.com' }
 */
export function indicatorOfValue(value: string): Indicator | undefined {
  const trimmed = value.trim();
  if (isIP(trimmed) !== 0) return { kind: 'ip', value: trimmed };
  if (HASH.test(trimmed)) return { kind: 'hash', value: trimmed.toLowerCase() };
  if (URL_SCHEME.test(trimmed)) return { kind: 'url', value: trimmed };
  if (DOMAIN.test(trimmed)) return { kind: 'domain', value: trimmed.toLowerCase().replace(/\.$/, '') };
  return undefined;
}
