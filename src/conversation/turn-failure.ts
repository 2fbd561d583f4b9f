import { asSocbotError, isSocbotError } from '../errors';
import type { Logger } from '../logger';
import { say, type BotReply } from './bot-reply';

/**
 * The answer to a turn that failed, logged on the way: a STORAGE_CONFLICT (two turns of one
 * conversation at once; the later one was not saved) asks to send the message again; anything
 * else names its code and says nothing was changed.
 *
 * @example
 *   failureReply(new SocbotError('STORAGE_CONFLICT', '…'), logger, 'c1'); // 'Another message in this conversation …'
 */
export function failureReply(error: unknown, logger: Logger, conversationId: string): BotReply {
  if (isSocbotError(error, 'STORAGE_CONFLICT')) {
    logger.warn({ conversationId }, 'two turns of one conversation at once; the later one was refused');
    return say(
      'Another message in this conversation was being handled at the same moment, so I did not take yours. Please send it again.',
    );
  }
  const coded = asSocbotError(error);
  logger.error({ err: coded, conversationId }, 'turn failed');
  return say(
    `Sorry, something went wrong on my side (${coded.code}); nothing was changed and the details are in the log. Please try again.`,
  );
}
