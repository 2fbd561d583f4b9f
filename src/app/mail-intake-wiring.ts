import { createHash } from 'node:crypto';
import { socCardJob } from '../jobs/soc-card-job';
import type { MailClassification, MailClassifier } from '../mail/classification/mail-classification';
import type { MailPredictionEntry } from '../mail/mail-log-entry';
import { classifiedContent, classifiedText, type IncomingMail } from '../mail/mail-message';
import { decidedWords, mailAlertFacts, MAILBOX_CREATOR, reporterOf } from '../mail/routing/mail-alert';
import { defangText, mailCard, mailCardText } from '../mail/routing/mail-card';
import { explanationText } from '../nlu/explanation-text';
import { MAIL_ROUTES } from '../mail/routing/mail-routes';
import { logsOf } from '../store/backend-documents';
import { MailLog } from '../store/mail-log';
import { queueAudited } from './audited-queue';
import type { SocbotApp } from './create-app';
import { runRouteFollowUps } from './mail-route-follow-ups';

/** The shared mailbox as the access policy and the audit trail see it. */
export const MAILBOX_ACTOR = { id: 'system', name: MAILBOX_CREATOR };

/** The classified text kept in a prediction line (MailPredictionEntry.text). */
const MAX_LOGGED_TEXT = 2000;

/** What the intake calls for each mail; it marks the mail processed only once this resolved. */
export type MailHandler = (mail: IncomingMail) => Promise<void>;

/**
 * The mail routing (issue 17): a classified mail becomes a registered alert (`MAIL-<8 hex>`,
 * created by `mailbox`, its priority from the route table), audited as the SIEM's alerts are, its
 * ticket, a ticket note with the mail's facts, its category's route (src/app/mail-route-follow-ups.ts)
 * and the SOC card with "Why?" and "Correct category" buttons (`post.soc`). The prediction goes
 * into `mail.jsonl` once.
 *
 * Idempotent by Message-ID: the intake hands a mail over again after a crash or before it could
 * mark it processed. The prediction already logged decides (the model is not asked again), the
 * register finds the alert by its request id, and every side effect is keyed, so a second call
 * adds nothing and completes what the first one left undone.
 *
 * @example
 *   const handle = createMailHandler(app, classifier);
 *   await startMailIntake({ …, handle }); // the intake calls it once per new mail
 */
export function createMailHandler(app: SocbotApp, classifier: MailClassifier): MailHandler {
  const log = new MailLog(logsOf(app.backend));
  const actions = app.actionServices({
    actor: { id: MAILBOX_ACTOR.id, name: MAILBOX_ACTOR.name },
    conversationId: '',
    conversationKey: '',
    auditAs: MAILBOX_ACTOR,
  });
  return async (mail) => {
    const content = classifiedContent(mail);
    const logged = await log.predictionFor(mail.messageId);
    const classification = logged ? classificationOf(logged) : await classifier.classify(content);
    const facts = mailAlertFacts(mail, classification);
    const known = await app.store.alerts.hasRequest(facts.requestId);
    const alert = await app.store.alerts.add({
      alertId: facts.alertId,
      terminal: '',
      username: '',
      system: '',
      title: facts.title,
      description: facts.description,
      priority: facts.priority,
      createdBy: MAILBOX_CREATOR,
      conversationId: '',
      requestId: facts.requestId,
    });
    if (!known) {
      await app.audit.append({
        actor: MAILBOX_ACTOR,
        action: 'command',
        summary: `register alert ${facts.alertId} from the mailbox`,
        result: 'registered',
        alertRef: alert.ref,
        details: {
          source: MAILBOX_CREATOR,
          category: classification.category,
          via: classification.via,
          score: classification.score,
          priority: alert.priority,
          requestId: facts.requestId,
        },
      });
    }
    const text = classifiedText(content);
    if (!logged) {
      await log.append({
        kind: 'prediction',
        at: new Date().toISOString(),
        messageId: mail.messageId,
        textHash: createHash('sha256').update(text).digest('hex'),
        text: text.slice(0, MAX_LOGGED_TEXT),
        sender: content.fromAddress || content.from,
        subject: content.subject,
        category: classification.category,
        via: classification.via,
        score: classification.score,
        modelCategory: classification.modelCategory,
        threshold: classification.threshold,
        ...(classification.keyword !== undefined ? { keyword: classification.keyword } : {}),
        ref: alert.ref,
      });
    }
    await actions.createTicket(alert);
    // The ticket's own fields are the SAP alert's; what the mail said goes on as its first note.
    await app.ticketNote(alert.ref, facts.description, 'mail-facts', MAILBOX_ACTOR);
    await actions.escalate(alert);
    const followUps = await runRouteFollowUps(app, {
      ref: alert.ref,
      category: classification.category,
      content,
      attachmentHashes: mail.attachments.map((attachment) => attachment.sha256),
      // Who asked: the colleague who forwarded the mail, else its sender.
      askedBy: reporterOf(mail) ?? (content.from || content.fromAddress || 'unknown'),
      actor: MAILBOX_ACTOR,
    });
    const reporter = reporterOf(mail);
    const cardFacts = {
      ref: alert.ref,
      category: classification.category,
      decided: decidedWords(classification),
      sender: content.from || content.fromAddress || 'unknown',
      subject: content.subject || '(no subject)',
      ...(reporter ? { reporter } : {}),
      attachments: mail.attachments,
      lookups: followUps.indicators?.lookups ?? [],
      internal: followUps.indicators?.internal ?? [],
      ...(followUps.lookupNote ? { lookupNote: followUps.lookupNote } : {}),
      ...(followUps.device
        ? { device: `${followUps.device.device.join(', ') || 'not named'}; owner ${followUps.device.owner}` }
        : {}),
      ...(await why(app, classifier, content)),
      // Buttons only for what a correction accepts: a category with its route (mail-routes.ts).
      categories: classifier.categories.filter((category) => category in MAIL_ROUTES),
    };
    await queueAudited(
      app,
      socCardJob,
      { ref: alert.ref, text: mailCardText(cardFacts), card: mailCard(cardFacts) },
      { alertRef: alert.ref },
      { actor: MAILBOX_ACTOR },
    );
  };
}

/** The cascade's answer as the prediction line recorded it. */
function classificationOf(entry: MailPredictionEntry): MailClassification {
  return {
    category: entry.category,
    via: entry.via,
    score: entry.score,
    modelCategory: entry.modelCategory,
    threshold: entry.threshold,
    ...(entry.keyword !== undefined ? { keyword: entry.keyword } : {}),
  };
}

/** The card's "Why?", or none when the model cannot explain (logged: the card goes out all the same). */
async function why(
  app: SocbotApp,
  classifier: MailClassifier,
  content: ReturnType<typeof classifiedContent>,
): Promise<{ why?: string }> {
  try {
    // Markdown with the features' labels escaped (they are the sender's words); defanged as well,
    // since a character n-gram of a link must not become one either.
    return { why: defangText(explanationText(await classifier.explain(content), 'category')) };
  } catch (error) {
    app.logger.warn({ err: error }, 'could not explain a mail classification; the card goes without "Why?"');
    return {};
  }
}
