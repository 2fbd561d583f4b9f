/**
 * Coded errors. Callers branch on `code`, never on message text; every message says how to fix
 * the problem, not only what went wrong.
 *
 * @example
 *   throw new SocbotError('CORPUS_INVALID_JSON', 'corpus/soc.en.json is not valid JSON (line 3). Fix the file and run `socbot train` again.');
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CORPUS_NOT_FOUND'
  | 'CORPUS_INVALID_JSON'
  | 'CORPUS_INVALID'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_INVALID'
  | 'MODEL_STALE'
  | 'TEST_SET_INVALID'
  | 'USAGE'
  | 'SKILL_INVALID'
  | 'SKILLS_INCONSISTENT'
  | 'STORAGE_CONFLICT'
  | 'STORAGE_CORRUPT'
  | 'DATA_DIR_IN_USE'
  | 'DATA_DIR_UNSAFE'
  | 'KEY_FILE_UNSAFE'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_INVALID'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INTEGRATION_FAILED'
  | 'MAIL_KEYWORDS_INVALID'
  | 'NOT_AVAILABLE'
  | 'MAIL_UNREADABLE'
  | 'MAIL_TOO_LARGE'
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_BUSY'
  | 'DATABASE_SCHEMA'
  | 'CONVERSATION_BUSY'
  | 'INTERNAL';

export class SocbotError extends Error {
  readonly code: ErrorCode;
  /** Structured details (file, intent, utterance…) for logs and `--json` output. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SocbotError';
    this.code = code;
    this.details = details;
  }
}

/** Wraps anything thrown into a SocbotError so every caller sees a code. */
export function asSocbotError(error: unknown): SocbotError {
  if (error instanceof SocbotError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SocbotError(
    'INTERNAL',
    `Unexpected error: ${message}. This is a bug; please report it with the log line.`,
    {},
    { cause: error },
  );
}

export function isSocbotError(error: unknown, code?: ErrorCode): error is SocbotError {
  return error instanceof SocbotError && (code === undefined || error.code === code);
}
