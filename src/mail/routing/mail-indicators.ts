import { isIP } from 'node:net';
import type { Indicator } from '../../integrations/enrichment/indicator-report';
import { addressRangeOf } from '../../nlu/entities/address-range';
import { indicatorCandidates } from '../../nlu/entities/indicators';

/** A phishing mail with more links than this is looked up by its first ones: the sources' quotas are small. */
export const MAX_MAIL_INDICATORS = 10;

/** Longer indicators (a URL with a huge token) are left out: the look-up job keeps values up to this. */
export const MAX_INDICATOR_CHARS = 2048;

/** The indicators of a mail, split by where they may be sent. */
export interface MailIndicators {
  /** Public ones, refanged, at most MAX_MAIL_INDICATORS: these go to the threat-intelligence sources. */
  readonly lookups: readonly Indicator[];
  /** Internal addresses (and URLs on them) with their range: shown, never sent out. */
  readonly internal: ReadonlyArray<{ readonly indicator: Indicator; readonly range: string }>;
  /** How many were left out: public ones past the limit, and any over MAX_INDICATOR_CHARS. */
  readonly leftOut: number;
}

/**
 * The URLs, domains, IP addresses and hashes in a mail's text (defanged forms included: the entity
 * extractor's indicator finder, src/nlu/entities/indicators.ts) and its attachments' SHA-256, each
 * once, in the order found. An address in a private, loopback or other non-public range, or a URL on
 * one, is internal: socbot never asks an internet source about it.
 *
 * @example
 *   mailIndicators('Click hxxps://evil[.]com/login from 10.0.0.5', []).lookups;
 *   // → [{ kind: 'url', value: 'https://evil.com/login' }]
 */
export function mailIndicators(text: string, attachmentHashes: readonly string[]): MailIndicators {
  const seen = new Set<string>();
  const found: Indicator[] = [];
  const add = (indicator: Indicator): void => {
    const key = `${indicator.kind}:${indicator.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(indicator);
  };
  for (const candidate of indicatorCandidates(text)) {
    if (
      candidate.entity === 'url' ||
      candidate.entity === 'domain' ||
      candidate.entity === 'ip' ||
      candidate.entity === 'hash'
    ) {
      add({ kind: candidate.entity, value: candidate.value });
    }
  }
  for (const hash of attachmentHashes) add({ kind: 'hash', value: hash.toLowerCase() });
  const internal: Array<{ indicator: Indicator; range: string }> = [];
  const lookups: Indicator[] = [];
  let tooLong = 0;
  for (const indicator of found) {
    if (indicator.value.length > MAX_INDICATOR_CHARS) {
      tooLong += 1;
      continue;
    }
    const range = internalRangeOf(indicator);
    if (range !== undefined) internal.push({ indicator, range });
    else lookups.push(indicator);
  }
  return {
    lookups: lookups.slice(0, MAX_MAIL_INDICATORS),
    internal,
    leftOut: Math.max(0, lookups.length - MAX_MAIL_INDICATORS) + tooLong,
  };
}

/** The non-public range of an IP, or of the host of a URL written with an IP; undefined when public. */
function internalRangeOf(indicator: Indicator): string | undefined {
  if (indicator.kind === 'ip') return addressRangeOf(indicator.value);
  if (indicator.kind !== 'url' || !URL.canParse(indicator.value)) return undefined;
  const host = new URL(indicator.value).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 ? addressRangeOf(host) : undefined;
}
