import pino from 'pino';

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

export function createLogger(
  options: { level?: string | undefined; destination?: pino.DestinationStream } = {},
): Logger {
  const level = options.level ?? 'info';
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, options.destination);
}
