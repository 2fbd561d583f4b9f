import type { Operation } from '../operation';
import type { BasisNotice, NoticeAudience } from './basis-notice';

/** The channel a notifier delivers on. */
export type NotifyChannel = 'teams' | 'webhook' | 'email';

/** A delivered notice. */
export interface NotifyResult {
  channel: NotifyChannel;
  /** How many recipients (conversations, webhook, e-mail addresses) it was delivered to. */
  delivered: number;
  /** Teams: registered conversations that can no longer take messages (gone, bot removed). */
  unreachable?: number;
}

/**
 * Tells one audience on one channel.
 *
 * @example
 *   for (const notifier of integrations.basisNotifiers) {
 *     await notifier.notify(notice, { idempotencyKey: `notify:${notifier.channel}:${notice.ref}`, signal });
 *   }
 */
export interface Notifier {
  readonly channel: NotifyChannel;
  readonly audience: NoticeAudience;
  notify: Operation<BasisNotice, NotifyResult>;
}
