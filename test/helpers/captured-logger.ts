import { createLogger, type Logger } from '../../src/logger';

/** A real socbot logger (with its redaction) whose JSON lines a test can read back. */
export interface CapturedLogger {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  /** Everything logged, as raw text (to look for strings that must never be logged). */
  text(): string;
}

export function createCapturedLogger(level = 'info', secrets: readonly string[] = []): CapturedLogger {
  const raw: string[] = [];
  const logger = createLogger({
    level,
    secrets,
    destination: { write: (line: string) => void raw.push(line) },
  });
  return {
    logger,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => raw.join(''),
  };
}
