/** Keys whose values are never written to the audit trail. */
const SECRET_KEY =
  /password|passphrase|passwd|^pwd$|token|secret|authori[sz]ation|api[-_]?key|cookie|credential|signature|private[-_]?key/i;

/**
 * A deep copy of `value` with the value of every secret-named key replaced by `[redacted]`, at any
 * depth and inside arrays, so a caller that audits a whole request or config cannot leak a secret.
 *
 * @example
 *   redactSecrets({ user: 'ana', headers: { Authorization: 'Bearer x' } })
 *   // → { user: 'ana', headers: { Authorization: '[redacted]' } }
 */
export function redactSecrets<T>(value: T): T {
  return redact(value) as T;
}

function redact(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      copy[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(child);
    }
    return copy;
  }
  return value;
}
