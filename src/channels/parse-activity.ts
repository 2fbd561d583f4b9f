import type { Activity } from 'botbuilder';
import { SocbotError } from '../errors';
import { ActivitySchema, activityProblems } from './activity-schema';

/**
 * Parses a request body into a Bot Framework activity, or throws INPUT_INVALID saying exactly what is
 * wrong (not JSON, not an object, which field is missing or malformed; see `ActivitySchema`), so a
 * 400 tells the sender how to fix it and no malformed activity reaches a turn.
 *
 * @example
 *   const activity = parseActivity(
 *     '{"type":"message","serviceUrl":"http://127.0.0.1:9","channelId":"test","conversation":{"id":"c1"},"from":{"id":"u1"},"recipient":{"id":"bot"}}',
 *   );
 */
export function parseActivity(body: string): Activity {
  let value: unknown;
  try {
    // Some clients prefix a UTF-8 byte order mark; JSON.parse rejects it.
    value = JSON.parse(body.startsWith('\uFEFF') ? body.slice(1) : body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(`The body is not valid JSON (${reason}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(
      `The body is JSON but not an object (got ${Array.isArray(value) ? 'an array' : typeof value}).`,
    );
  }
  const parsed = ActivitySchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const problems = activityProblems(parsed.error);
    throw invalid(`The activity is malformed: ${problems.join('; ')}.`, problems);
  }
  return parsed.data as unknown as Activity;
}

function invalid(message: string, problems: string[] = []): SocbotError {
  return new SocbotError('INPUT_INVALID', `${message} Send a Bot Framework activity as a JSON object.`, {
    problems,
  });
}
