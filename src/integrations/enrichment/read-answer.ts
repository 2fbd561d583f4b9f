import type { z } from 'zod';
import type { Logger } from '../../logger';
import { singleLine } from '../bounded-text';
import { IntegrationError } from '../integration-error';
import { SOURCE_NAMES } from './enrichment-sources';
import type { EnrichmentSource } from './indicator-report';

/** Longest value of one fact on a card: a source's text is data, bounded like any other. */
export const FACT_MAX_CHARS = 160;

/**
 * A source's 2xx answer checked against the shape its API documents. Anything else (HTML from a
 * proxy, a changed API, a wrong base URL) is `invalid-response`: the log names the fields that
 * did not fit, never their values.
 *
 * @example
 *   const answer = readAnswer(VirusTotalAnswer, response.data, 'virustotal', logger);
 */
export function readAnswer<T>(
  schema: z.ZodType<T>,
  data: unknown,
  source: EnrichmentSource,
  logger: Logger,
): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(body)'))];
  const failure = new IntegrationError(
    `${SOURCE_NAMES[source]} answered in a shape socbot does not know (${singleLine(fields.join(', '), 120)}). Check that its URL variable points at the API itself, not a proxy or login page.`,
    { service: source, kind: 'invalid-response', retryable: true },
  );
  logger.warn({ service: source, kind: failure.kind, fields }, failure.message);
  throw failure;
}

/**
 * A fact's value as a card may show it: one line, bounded.
 *
 * @example
 *   factValue('GOOGLE\r\n'); // 'GOOGLE'
 */
export function factValue(value: string | number | boolean): string {
  return singleLine(String(value), FACT_MAX_CHARS);
}
