import type { BotReply } from './bot-reply';

/** Between two replies joined into one message: a paragraph break in Teams and Web Chat markdown. */
export const JOINED_REPLY_SEPARATOR = '\n\n';

/**
 * The replies of one turn as the messages to send. A plain-text reply is joined onto the reply
 * after it (separated by a blank line), so "OK, let's register an alert." and "From which
 * terminal…?" arrive as one message. Replies with a card or buttons stay one message each and keep
 * them; the text before them is put above their own text.
 *
 * Why: every message is a post to the channel that the turn waits for, one after the other
 * (two posts made the first step of a form the slowest turn in `bench:turns`), and Microsoft asks
 * bots to limit how many messages they post to one Teams conversation (rate limit, HTTP 429).
 *
 * @example
 *   asMessages([say('OK.'), say('Which terminal?')]); // [{ text: 'OK.\n\nWhich terminal?' }]
 */
export function asMessages(replies: readonly BotReply[]): BotReply[] {
  const messages: BotReply[] = [];
  let textBefore: string | undefined;
  for (const reply of replies) {
    const text =
      textBefore === undefined ? reply.text : `${textBefore}${JOINED_REPLY_SEPARATOR}${reply.text}`;
    if (isPlainText(reply)) {
      textBefore = text;
      continue;
    }
    messages.push({ ...reply, text });
    textBefore = undefined;
  }
  if (textBefore !== undefined) messages.push({ text: textBefore });
  return messages;
}

function isPlainText(reply: BotReply): boolean {
  return reply.card === undefined && (reply.suggestions ?? []).length === 0;
}
