import type { Operation } from '../operation';
import type { BasisNotice, NoticeAudience } from './basis-notice';

/** The channel a notifier delivers on. */
export type NotifyChannel = 'teams' | 'webhook' | 'email' | 'sms';

/** A delivered notice. */
export interface NotifyResult {
  channel: NotifyChannel;
  /** How many recipients (conversations, webhook, e-mail addresses) it was delivered to. */
  delivered: number;
  /** Teams: registered conversations that can no longer take messages (gone, bot removed). */
  unreachable?: number;
  /** The provider's id of what was sent (a Twilio Message SID), for the audit trail. */
  reference?: string;
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
  /**
   * Who exactly this notifier reaches, as an escalation names it (`leads:webhook`, `exec:sms:+4915…`):
   * part of escalation jobs' idempotency keys and of acknowledge links (one SMS notifier per number).
   */
  readonly recipient: string;
  notify: Operation<BasisNotice, NotifyResult>;
}
