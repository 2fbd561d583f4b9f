import pino from 'pino';
import { createSecretScrubber } from './integrations/scrub-secrets';

/**
 * Structured JSON logs (pino). Secrets are redacted by path so that a log line can never carry a
 * password, token or signature, even when a caller logs a whole config or request object.
 */
export const REDACTED_PATHS = [
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.MicrosoftAppPassword',
];

export type Logger = pino.Logger;

/** What a logger is made of; every field has a default. */
export interface LoggerOptions {
  level?: string | undefined;
  destination?: pino.DestinationStream;
  /**
   * The configured credential values (`credentialValues(config)`): removed from every finished
   * line, in every encoding a service may echo them in (URL, JSON, base64, …), whatever field or
   * message carries them. Paths alone cannot catch a password quoted inside an error text.
   */
  secrets?: readonly string[];
}

/**
 * The logger of a socbot process.
 *
 * @example
 *   const logger = createLogger({ level: config.logLevel, secrets: credentialValues(config) });
 *   logger.warn({ body }, 'servicenow refused'); // the ServiceNow password, even base64, is `[redacted]`
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const scrub = createSecretScrubber(options.secrets ?? []);
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The whole serialized line, children included: nothing reaches the stream unscrubbed.
      ...(options.secrets?.length ? { hooks: { streamWrite: scrub } } : {}),
    },
    options.destination,
  );
}
