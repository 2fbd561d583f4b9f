import type { AlertFacts } from '../../src/integrations/alert-facts';
import type { BlockRequest } from '../../src/integrations/blocking/blocking-provider';
import type { BasisNotice } from '../../src/integrations/notify/basis-notice';
import type { OperationContext } from '../../src/integrations/operation';

/** Long enough for a loaded CI machine to answer on loopback, short enough that a hang costs a second. */
export const TEST_TIMEOUT_MS = 1000;

export const ALERT: AlertFacts = {
  ref: 'SOC-2026-0001',
  alertId: '4711',
  priority: 'P2',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  client: '100',
  ip: '10.1.2.3',
  requestedBy: 'Ana Analyst',
};

export const BLOCK: BlockRequest = {
  terminal: 'PC-0815',
  username: 'DDIC',
  ip: '10.1.2.3',
  alertRef: 'SOC-2026-0001',
  requestedBy: 'Ana Analyst',
};

export const NOTICE: BasisNotice = {
  audience: 'basis',
  ref: 'SOC-2026-0001',
  alertId: '4711',
  priority: 'P1',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  client: '100',
  ip: '10.1.2.3',
  blocked: ['terminal PC-0815 (firewall)'],
  requestedBy: 'Ana Analyst',
};

export function ctx(
  idempotencyKey = 'job-1',
  signal: AbortSignal = new AbortController().signal,
): OperationContext {
  return { idempotencyKey, signal };
}

/** What hostile slot values look like: quote games, JSON fragments, markup, header injection, size. */
export const HOSTILE = {
  quotes: `O'Brien "the" \\ back\\slash`,
  jsonFragment: '"},{"x":"injected","y":{"',
  script: '<script>alert("x")</script><img src=x onerror=alert(1)>',
  crlf: 'PC-0815\r\nBcc: attacker@evil.example\r\nX-Injected: yes',
  huge: 'A'.repeat(100 * 1024),
};

/** An alert whose every field carries a hostile value. */
export function hostileAlert(): AlertFacts {
  return {
    ref: 'SOC-2026-0001',
    alertId: HOSTILE.jsonFragment,
    priority: 'P1',
    terminal: HOSTILE.crlf,
    username: HOSTILE.quotes,
    system: HOSTILE.script,
    client: HOSTILE.huge,
    ip: HOSTILE.jsonFragment,
    requestedBy: HOSTILE.huge,
    summary: HOSTILE.script + HOSTILE.huge,
  };
}

/** The length of the longest string anywhere inside a parsed JSON value. */
export function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return Math.max(0, ...value.map(longestString));
  if (value && typeof value === 'object') return Math.max(0, ...Object.values(value).map(longestString));
  return 0;
}
