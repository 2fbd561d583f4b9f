import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { SocbotError } from '../errors';

/**
 * The fields the server needs before it can run a turn: replies go to `serviceUrl` for
 * `conversation.id`, and the turn is routed by `type`. Everything else passes through to botbuilder.
 */
const ActivityShape = z.looseObject({
  type: requiredString('type', 'a string such as "message"').min(1, 'type must not be empty'),
  serviceUrl: requiredString('serviceUrl', 'the URL of the channel connector').refine(
    isHttpUrl,
    'serviceUrl must be an http(s) URL',
  ),
  conversation: z.looseObject(
    { id: requiredString('conversation.id', 'a string').min(1, 'conversation.id must not be empty') },
    {
      error: (issue) =>
        issue.input === undefined ? 'conversation is missing' : 'conversation must be an object',
    },
  ),
  id: z.string({ error: 'id must be a string' }).optional(),
  text: z.string({ error: 'text must be a string' }).optional(),
});

/** A string field whose error says "missing" when absent and what is expected otherwise. */
function requiredString(field: string, expected: string): z.ZodString {
  return z.string({
    error: (issue) => (issue.input === undefined ? `${field} is missing` : `${field} must be ${expected}`),
  });
}

/**
 * Parses a request body into a Bot Framework activity, or throws INPUT_INVALID saying exactly what is
 * wrong (not JSON, not an object, which field is missing), so a 400 tells the sender how to fix it.
 *
 * @example
 *   const activity = parseActivity('{"type":"message","serviceUrl":"http://127.0.0.1:9","conversation":{"id":"c1"}}');
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
  const parsed = ActivityShape.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message);
    throw invalid(`The activity is incomplete: ${problems.join('; ')}.`, problems);
  }
  return parsed.data as unknown as Activity;
}

function invalid(message: string, problems: string[] = []): SocbotError {
  return new SocbotError('INPUT_INVALID', `${message} Send a Bot Framework activity as a JSON object.`, {
    problems,
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
