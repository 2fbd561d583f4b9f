import { createHash } from 'node:crypto';

/**
 * A mail's Message-ID: its header, or, when it has none, one derived from its bytes
 * (`<sha256 hex>@socbot.invalid`), so reading the same mail twice gives the same id and a mail is
 * never processed twice for want of one.
 */
export function messageIdOf(header: string | undefined, raw: Buffer): string {
  const declared = header?.trim();
  if (declared) return declared;
  return `<${createHash('sha256').update(raw).digest('hex')}@socbot.invalid>`;
}
