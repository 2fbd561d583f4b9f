import { keyHash } from '../integrations/idempotency-key';
import type { MailCorrectionEntry, MailLogEntry, MailPredictionEntry } from '../mail/mail-log-entry';
import { isMailAlert } from '../mail/routing/mail-alert';
import { MAIL_ROUTES, mailRouteOf } from '../mail/routing/mail-routes';
import type { MailCorrectionAnswer, MailCorrectionServices } from '../skills/types';
import type { Actor } from '../access/actor';
import { auditActorOf } from '../conversation/turn-actor';
import { logsOf } from '../store/backend-documents';
import { MailLog } from '../store/mail-log';
import type { SocbotApp } from './create-app';
import { runRouteFollowUps } from './mail-route-follow-ups';

/** A sha256 written in an alert's description ("sha256 <64 hex>"): the attachments of a mail. */
const ATTACHMENT_HASH = /\bsha256 ([0-9a-f]{64})\b/g;

/**
 * Corrections of a mail's category (issue 17), bound to the analyst who asks: only for an alert
 * the mailbox registered; the correction line in `mail.jsonl` (source `card` or `chat`), audited on
 * the alert's timeline, a ticket note ("category corrected from phishing to lost-device by Maria"),
 * then the new category's route (src/app/mail-route-follow-ups.ts). The role check is the skill's
 * permission (`correct_mail_category`).
 *
 * A crash after the correction line runs the same request again: the category is then already
 * the one asked for and the latest line is that correction, so the keyed steps (ticket note by
 * the correction line's time, the route by alert and category) run again and add nothing twice.
 * A correction to the category the mail already has changes nothing.
 */
export function createMailCorrections(
  app: SocbotApp,
  origin: { actor: Actor; conversationId: string },
): MailCorrectionServices {
  const log = new MailLog(logsOf(app.backend));
  const actor = auditActorOf(origin.actor, app.rolesOf(origin.actor));
  const by = { id: origin.actor.id, name: origin.actor.name ?? origin.actor.id };
  return {
    categories: Object.keys(MAIL_ROUTES),
    async correct({ ref, category, source }): Promise<MailCorrectionAnswer> {
      const alert = await app.store.alerts.find(ref);
      if (!alert) return { ok: false, text: `I know no alert ${ref}.` };
      if (!isMailAlert(alert)) {
        return {
          ok: false,
          text: `${alert.ref} did not come from the SOC mailbox, so it has no mail category to correct.`,
        };
      }
      if (!(category in MAIL_ROUTES)) {
        return {
          ok: false,
          text: `"${category}" is not a mail category; say one of ${Object.keys(MAIL_ROUTES).join(', ')}.`,
        };
      }
      const { entries } = await log.read();
      const prediction = entries.find(
        (entry): entry is MailPredictionEntry => entry.kind === 'prediction' && entry.ref === alert.ref,
      );
      if (!prediction) {
        return {
          ok: false,
          text: `${alert.ref} has no prediction in mail.jsonl yet; try again in a moment.`,
        };
      }
      const ofMail = entries.filter((entry: MailLogEntry) => entry.messageId === prediction.messageId);
      const latest = ofMail.at(-1);
      const current = latest?.kind === 'correction' ? latest.to : prediction.category;
      let correction: MailCorrectionEntry;
      let replayed = false;
      if (current === category) {
        if (latest?.kind !== 'correction' || latest.to !== category) {
          return { ok: true, ref: alert.ref, text: `${alert.ref} is already ${category}; nothing changed.` };
        }
        // The same correction again (a replay after a crash, or said twice): its keyed steps run
        // again, so what a crash cut off is finished and nothing is added twice.
        correction = latest;
        replayed = true;
      } else {
        correction = {
          kind: 'correction',
          at: new Date().toISOString(),
          messageId: prediction.messageId,
          textHash: prediction.textHash,
          ref: alert.ref,
          from: current,
          to: category,
          by,
          source,
        };
        await log.append(correction);
        await app.audit.append({
          actor,
          action: 'command',
          summary: `correct the mail category of ${alert.ref} from ${current} to ${category}`,
          result: 'corrected',
          alertRef: alert.ref,
          conversationId: origin.conversationId,
          details: { from: current, to: category, source },
        });
      }
      const note = `Mail category corrected from ${correction.from} to ${correction.to} by ${correction.by.name} (${correction.source}).`;
      const ticket = await app.ticketNote(
        alert.ref,
        note,
        `mailcat-${keyHash(`${correction.messageId}:${correction.at}`)}`,
        actor,
      );
      const followUps = await runRouteFollowUps(app, {
        ref: alert.ref,
        category,
        content: {
          from: prediction.sender,
          fromAddress: prediction.sender,
          subject: prediction.subject,
          text: prediction.text,
        },
        attachmentHashes: [...(alert.description ?? '').matchAll(ATTACHMENT_HASH)].map(
          (match) => match[1] ?? '',
        ),
        askedBy: prediction.sender,
        actor,
      });
      if (replayed) {
        return {
          ok: true,
          ref: alert.ref,
          text: `${alert.ref} is already ${category}: ${correction.by.name} corrected it from ${correction.from}; nothing new.`,
        };
      }
      const lines = [
        `${alert.ref} is now ${category} (${mailRouteOf(category).label}), corrected from ${correction.from}.`,
        ticket.queued ? 'The ticket gets a note saying so.' : ticket.said,
        ...followUps.done,
        ...(followUps.lookupNote && followUps.done.length === 0 ? [followUps.lookupNote] : []),
      ];
      return { ok: true, ref: alert.ref, text: lines.join(' ') };
    },
  };
}
