import { scrubCredentialShapes, scrubSecrets } from '../integrations/scrub-secrets';

/** Keys whose values are never written to the audit trail. */
const SECRET_KEY =
  /password|passphrase|passwd|^pwd$|token|secret|authori[sz]ation|api[-_]?key|cookie|credential|signature|private[-_]?key/i;

/**
 * A deep copy of `value` with the value of every secret-named key replaced by `[redacted]`, at any
 * depth and inside arrays, so a caller that audits a whole request or config cannot leak a secret.
 * Inside every text, credentials are removed too: by shape (a URL's `user:password@`, a `Basic` or
 * `Bearer` value) and, when `secrets` are given (the configured credential values), in every
 * encoding a service may have echoed them in (see scrubSecrets).
 *
 * @example
 *   redactSecrets({ user: 'ana', headers: { Authorization: 'Bearer x' } })
 *   // → { user: 'ana', headers: { Authorization: '[redacted]' } }
 *   redactSecrets({ error: `refused ${encodeURIComponent(password)}` }, [password])
 *   // → { error: 'refused [redacted]' }
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  return redact(value, (text) => scrubSecrets(scrubCredentialShapes(text), secrets)) as T;
}

function redact(value: unknown, scrub: (text: string) => string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, scrub));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      copy[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(child, scrub);
    }
    return copy;
  }
  return value;
}
