import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SocbotError } from '../errors';
import { writeFileDurably } from './durable-write';

/** Which corrected mails `socbot mail review` has handled, in the data directory. */
export const MAIL_REVIEW_FILE_NAME = 'mail-review.json';

/** What was done with the corrected mails of one text (by its textHash). */
export interface MailReviewDecision {
  readonly status: 'labelled' | 'dismissed';
  /** The category it was labelled with (`labelled`). */
  readonly category?: string;
  /** ISO 8601. */
  readonly at: string;
}

const fileSchema = z.object({
  handled: z.record(
    z.string(),
    z.object({
      status: z.enum(['labelled', 'dismissed']),
      category: z.string().optional(),
      at: z.string(),
    }),
  ),
});

/**
 * `<dataDir>/mail-review.json`: the texts (by textHash) `socbot mail review` labelled into the
 * mail corpus or dismissed, so they are not offered again. Small (one entry per distinct corrected
 * text) and rewritten whole, durably, after each decision; only the CLI writes it.
 *
 * @example
 *   const state = new MailReviewState(dataDir);
 *   await state.record('9f2c…', { status: 'dismissed', at: new Date().toISOString() });
 *   (await state.read()).has('9f2c…'); // true
 */
export class MailReviewState {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, MAIL_REVIEW_FILE_NAME);
  }

  /** The decisions so far by textHash (empty before the first one). */
  async read(): Promise<Map<string, MailReviewDecision>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    let parsed: ReturnType<typeof fileSchema.safeParse>;
    try {
      parsed = fileSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = fileSchema.safeParse(undefined);
    }
    if (!parsed.success) {
      throw new SocbotError(
        'STORAGE_CORRUPT',
        `${this.file} is not a mail review file. Move it aside and run \`socbot mail review\` again: mails already labelled are recognised in the mail corpus, only dismissed ones are offered again.`,
        { file: this.file },
      );
    }
    return new Map(Object.entries(parsed.data.handled));
  }

  /** Records one decision (the latest for a text wins). */
  async record(textHash: string, decision: MailReviewDecision): Promise<void> {
    const handled = Object.fromEntries(await this.read());
    handled[textHash] = decision;
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileDurably(this.file, `${JSON.stringify({ handled }, null, 2)}\n`);
  }
}
