import { createHash } from 'node:crypto';
import type { MailAttachment } from '../mail-message';

/** Control characters and bidirectional overrides: `invoice\u202Efdp.exe` shows as `invoiceexe.pdf`. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A filename longer than this is cut: the name is a label, not a place to hide data. */
const MAX_FILENAME_CHARS = 255;

/** What mailparser gives for an attachment, as far as socbot reads it. */
export interface RawAttachment {
  readonly filename?: string | undefined;
  readonly contentType: string;
  readonly content: Buffer;
}

/**
 * An attachment as socbot keeps it: named, sized and hashed, never opened. `position` (1-based)
 * names an attachment that has no name of its own.
 *
 * @example
 *   summarizeAttachment({ filename: '../../invoice.exe', contentType: 'application/x-msdownload', content }, 1)
 *   // { filename: 'invoice.exe', contentType: 'application/x-msdownload', size: …, sha256: '…' }
 */
export function summarizeAttachment(attachment: RawAttachment, position: number): MailAttachment {
  return {
    filename: safeFilename(attachment.filename, position),
    contentType: attachment.contentType.toLowerCase(),
    size: attachment.content.length,
    sha256: createHash('sha256').update(attachment.content).digest('hex'),
  };
}

/** The last path part of a sender's filename, without invisible characters; `attachment-N` when none is left. */
export function safeFilename(filename: string | undefined, position: number): string {
  const lastPart = (filename ?? '').split(/[/\\]/).pop() ?? '';
  const visible = lastPart.replace(INVISIBLE_OR_CONTROL, '').trim().slice(0, MAX_FILENAME_CHARS);
  if (visible === '' || /^\.+$/.test(visible)) return `attachment-${position}`;
  return visible;
}
