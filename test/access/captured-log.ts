import { createLogger, type Logger } from '../../src/logger';

/** A pino logger that keeps its JSON lines in memory. */
export function capturedLogger(): { logger: Logger; lines(): Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (chunk: string) => chunks.push(chunk) },
  });
  return {
    logger,
    lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}
