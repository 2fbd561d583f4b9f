import { SocbotError } from '../errors';

/**
 * A turn's replies did not reach the channel connector within SOCBOT_CONNECTOR_TIMEOUT_MS (it did
 * not answer, refused the connection or refused the reply). The turn itself ran and its state is
 * saved; the adapter logs this as a warning and does not try to apologise through the same
 * connector.
 *
 * @example
 *   if (error instanceof ReplyNotDelivered) return; // already logged as "reply not delivered"
 */
export class ReplyNotDelivered extends SocbotError {
  constructor(conversationId: string | undefined, timeoutMs: number, reason: string) {
    super(
      'INTEGRATION_FAILED',
      `The channel connector did not take the reply for conversation ${conversationId ?? '(none)'} within ${timeoutMs} ms (${reason}). ` +
        'Check that the serviceUrl of the channel is reachable from socbot, or raise SOCBOT_CONNECTOR_TIMEOUT_MS (at most 12000).',
      { conversationId, timeoutMs, reason },
    );
    this.name = 'ReplyNotDelivered';
  }
}
