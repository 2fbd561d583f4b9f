import path from 'node:path';
import { z } from 'zod';
import { configInvalid, problemsOf } from '../config/config-problems';

/** The cascade's first stage decides when the mail model is at least this sure (issue 17: 80%). */
export const DEFAULT_MAIL_THRESHOLD = 0.8;

const THRESHOLD_ADVICE = 'must be a number from 0.05 to 0.99, e.g. 0.8 (the default)';
const POLL_ADVICE = 'must be a whole number of seconds from 5 to 3600, e.g. 60 (the default)';

const SettingsSchema = z.object({
  MAIL_IMAP_URL: z.string().trim().default(''),
  MAIL_IMAP_PASSWORD: z.string().default(''),
  MAIL_POLL_SECONDS: z.coerce
    .number({ error: POLL_ADVICE })
    .int(POLL_ADVICE)
    .min(5, POLL_ADVICE)
    .max(3600, POLL_ADVICE)
    .default(60),
  MAIL_IMAP_IDLE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  MAIL_PROCESSED: z
    .enum(['flag', 'move'], { error: 'must be flag (mark processed mail with a keyword) or move' })
    .default('flag'),
  MAIL_PROCESSED_FOLDER: z.string().trim().min(1).default('socbot-processed'),
  MAIL_CORPUS: z.string().trim().min(1).default('./corpus/mail'),
  MAIL_MODEL: z.string().trim().min(1).default('./models/mail.model.json'),
  MAIL_MODEL_THRESHOLD: z.coerce
    .number({ error: THRESHOLD_ADVICE })
    .min(0.05, THRESHOLD_ADVICE)
    .max(0.99, THRESHOLD_ADVICE)
    .default(DEFAULT_MAIL_THRESHOLD),
});

/** Where the shared mailbox is and what is done with a mail once processed (the `mail` section). */
export interface MailboxSettings {
  /** MAIL_IMAP_URL as given, e.g. `imaps://soc@mail.example.com:993/INBOX`. */
  readonly url: string;
  /** MAIL_IMAP_PASSWORD; a credential (never logged). */
  readonly password: string;
  /** MAIL_POLL_SECONDS: how often the mailbox is read when IDLE is off or unsupported (and as a safety net). */
  readonly pollSeconds: number;
  /** MAIL_IMAP_IDLE: wait for new mail with IMAP IDLE where the server offers it. */
  readonly idle: boolean;
  /** MAIL_PROCESSED: `flag` sets a keyword on processed mail, `move` moves it to `processedFolder`. */
  readonly processed: 'flag' | 'move';
  /** MAIL_PROCESSED_FOLDER: the folder processed mail is moved to (`move`). */
  readonly processedFolder: string;
}

/** The mail classifier's files and threshold; there even without a mailbox (`socbot mail classify`). */
export interface MailClassifierSettings {
  /** MAIL_CORPUS, absolute. */
  readonly corpusPath: string;
  /** MAIL_MODEL, absolute. */
  readonly modelPath: string;
  /** MAIL_MODEL_THRESHOLD: the model decides at or above this score. */
  readonly threshold: number;
}

/** The `mail` section of the configuration: the mailbox is undefined while MAIL_IMAP_URL is empty. */
export interface MailSettings {
  readonly mailbox: MailboxSettings | undefined;
  readonly classifier: MailClassifierSettings;
}

/**
 * Reads the mail settings; throws CONFIG_INVALID naming each bad variable. The mailbox URL itself
 * is checked by the intake (src/mail/intake/), which knows what it can connect to.
 *
 * @example
 *   loadMailSettings({}).mailbox; // undefined: no shared mailbox is read
 */
export function loadMailSettings(env: NodeJS.ProcessEnv): MailSettings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) throw configInvalid('mail settings', problemsOf(parsed.error));
  const e = parsed.data;
  return Object.freeze({
    mailbox: e.MAIL_IMAP_URL
      ? Object.freeze({
          url: e.MAIL_IMAP_URL,
          password: e.MAIL_IMAP_PASSWORD,
          pollSeconds: e.MAIL_POLL_SECONDS,
          idle: e.MAIL_IMAP_IDLE === 'true',
          processed: e.MAIL_PROCESSED,
          processedFolder: e.MAIL_PROCESSED_FOLDER,
        })
      : undefined,
    classifier: Object.freeze({
      corpusPath: path.resolve(e.MAIL_CORPUS),
      modelPath: path.resolve(e.MAIL_MODEL),
      threshold: e.MAIL_MODEL_THRESHOLD,
    }),
  });
}
