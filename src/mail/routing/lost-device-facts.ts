import type { MailContent } from '../mail-message';

/** Words that name a device people lose. */
const DEVICE_WORDS =
  /\b(?:laptop|notebook|macbook|thinkpad|surface|iphone|ipad|smartphone|mobile phone|phone|tablet|usb stick|usb drive|hard drive|yubikey|security key|badge|token)s?\b/gi;
/** "asset tag 12345", "asset no. A-0815", "inventory number INV-4711". */
const ASSET_TAG =
  /\b(?:asset|inventory|serial)(?:\s+(?:tag|no\.?|number|id))?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{2,30})\b/gi;
/** Host names as IT names them: LT-0815, NB-ANA-01, PC4711, ws-berlin-12. */
const HOST_NAME = /\b(?:LT|NB|PC|WS|MB|TAB|MOB|DEV)-?[A-Z0-9]*-?\d{2,}[A-Z0-9-]*\b/gi;

/** What the ticket of a lost or stolen device needs first: which device and whose. */
export interface LostDeviceFacts {
  /** Device words, asset tags and host names found in the text, each once; empty when none. */
  readonly device: readonly string[];
  /** The owner: the (original) sender as shown, e.g. `Jane Doe <jane@example.com>`. */
  readonly owner: string;
}

/**
 * The device and owner of a lost-device report: asset tags, host names and device words in the
 * subject and text (as found, bounded), and the sender of the original (the person who lost it
 * writes, or a colleague forwards their mail).
 *
 * @example
 *   lostDeviceFacts({ from: 'Jane <jane@example.com>', fromAddress: 'jane@example.com', subject: 'Lost my laptop', text: 'Asset tag LT-0815' });
 *   // → { device: ['laptop', 'LT-0815'], owner: 'Jane <jane@example.com>' }
 */
export function lostDeviceFacts(content: MailContent): LostDeviceFacts {
  const text = `${content.subject}\n${content.text}`.slice(0, 20_000);
  const device: string[] = [];
  const seen = new Set<string>();
  const add = (value: string): void => {
    const key = value.toLowerCase();
    if (seen.has(key) || device.length >= 8) return;
    seen.add(key);
    device.push(value);
  };
  for (const match of text.matchAll(DEVICE_WORDS)) add(match[0].toLowerCase());
  for (const match of text.matchAll(ASSET_TAG)) add(match[1] ?? '');
  for (const match of text.matchAll(HOST_NAME)) add(match[0]);
  const owner = content.from || content.fromAddress || 'unknown';
  return { device: device.filter((value) => value !== ''), owner };
}

/**
 * The ticket note for a lost device: plain text (each ticketing provider escapes for its format).
 *
 * @example
 *   lostDeviceNote({ device: ['laptop'], owner: 'Jane <jane@example.com>' });
 *   // 'Lost or stolen device.\nDevice: laptop\nOwner: Jane <jane@example.com>'
 */
export function lostDeviceNote(facts: LostDeviceFacts): string {
  const device = facts.device.length > 0 ? facts.device.join(', ') : 'not named in the mail: ask the owner';
  return `Lost or stolen device.\nDevice: ${device}\nOwner: ${facts.owner}`;
}
