/** Longest wait socbot accepts from a Retry-After header; a bigger value is capped, not trusted. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * Milliseconds to wait from an HTTP `Retry-After` header: either delay-seconds (`120`) or an
 * HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`). `undefined` when absent or unreadable.
 *
 * @example
 *   parseRetryAfter('120');                                   // 120000
 *   parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now);     // ms until then, at least 0
 */
export function parseRetryAfter(header: unknown, now: Date = new Date()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}
