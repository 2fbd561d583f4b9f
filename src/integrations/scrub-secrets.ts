/**
 * Removes known secret values from a text before it reaches an error message or a log line: a
 * service may echo a request back in its error body, and a library may quote a URL with
 * credentials. Secrets shorter than 4 characters are ignored (they would censor ordinary words).
 *
 * @example
 *   scrubSecrets('login failed for admin:hunter22', ['hunter22']); // 'login failed for admin:[redacted]'
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed;
}
