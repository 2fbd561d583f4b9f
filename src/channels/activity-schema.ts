import { z } from 'zod';

/**
 * The shape of an inbound Bot Framework activity, as far as socbot and botbuilder read it.
 *
 * Every field a turn reads, or that botbuilder copies into the reply (the connector client
 * serialises `from`, `recipient`, `conversation`, `channelId` and `locale` with strict types), is
 * checked here, so a malformed activity is a 400 at the edge instead of a failure inside the turn.
 * Identifiers end up in URLs, HTTP headers, storage keys and log lines: they must be non-empty and
 * free of control characters and lone surrogates. Fields socbot does not read pass through.
 */

/** C0/C1 control characters (newline, NUL, …), and UTF-16 surrogates without their other half. */
const UNSAFE_IN_IDENTIFIER =
  /[\p{Cc}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** An id that names a conversation, user, bot or channel. */
const identifier = z
  .string()
  .min(1, 'must not be empty')
  .refine(
    (value) => !UNSAFE_IN_IDENTIFIER.test(value),
    'must not contain control characters or broken Unicode',
  );

/** A text field socbot or the connector reads as a string; JSON null counts as absent. */
const optionalText = z.string().nullish();

/** `from`, `recipient`, a member added: botframework-schema's ChannelAccount. */
const ChannelAccount = z.looseObject({
  id: identifier,
  name: optionalText,
  aadObjectId: optionalText,
  role: optionalText,
});

/** botframework-schema's ConversationAccount. */
const ConversationAccount = z.looseObject({
  id: identifier,
  name: optionalText,
  conversationType: optionalText,
  tenantId: optionalText,
  aadObjectId: optionalText,
  role: optionalText,
  isGroup: z.boolean().nullish(),
});

/**
 * An activity the server accepts: replies go to `serviceUrl` for `conversation.id`, from
 * `recipient` to `from`, and the turn is routed by `type`.
 *
 * @example
 *   ActivitySchema.safeParse({ type: 'message', serviceUrl: 'http://127.0.0.1:9', channelId: 'test',
 *     conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' } }).success // → true
 */
export const ActivitySchema = z.looseObject({
  type: z.string().min(1, 'must not be empty'),
  serviceUrl: z.string().refine(isHttpUrl, 'must be an http(s) URL'),
  channelId: identifier,
  conversation: ConversationAccount,
  from: ChannelAccount,
  recipient: ChannelAccount,
  id: optionalText,
  replyToId: optionalText,
  locale: optionalText,
  text: optionalText,
  name: optionalText,
  membersAdded: z.array(ChannelAccount).nullish(),
  membersRemoved: z.array(ChannelAccount).nullish(),
});

/** What is expected of a field of this type, for "from.id must be a string". */
const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

/**
 * One sentence per problem, naming the field: "from.id must be a string", "recipient is missing",
 * "conversation.id must not contain control characters or broken Unicode".
 *
 * @example
 *   activityProblems(ActivitySchema.safeParse(body, { reportInput: true }).error!) // → ['from is missing']
 */
export function activityProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'the activity';
    if (issue.code === 'invalid_type') {
      if (!('input' in issue) || issue.input === undefined) return `${field} is missing`;
      return `${field} must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    }
    return `${field} ${issue.message}`;
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
