import type {
  MailClassification,
  MailClassifier,
} from '../../../src/mail/classification/mail-classification';
import type { IncomingMail, MailContent } from '../../../src/mail/mail-message';
import type { Explanation } from '../../../src/nlu/explanation';

/**
 * A test double of the MailClassifier seam (the real one is the mail model's cascade, branch
 * mail-model): a fixed answer per subject, so these tests are about routing, not about the model.
 * Counts its calls, so a test can show a mail handed over again is not classified again.
 */
export function fixedMailClassifier(answers: Record<string, Partial<MailClassification>>) {
  const calls: string[] = [];
  const classifier: MailClassifier & { calls: string[] } = {
    categories: ['phishing', 'lost-device', 'enrichment', 'other'],
    calls,
    async classify(content: MailContent): Promise<MailClassification> {
      calls.push(content.subject);
      const answer = answers[content.subject] ?? {};
      return {
        category: 'other',
        via: 'default',
        score: 0.31,
        modelCategory: 'other',
        threshold: 0.8,
        ...answer,
      };
    },
    async explain(content: MailContent): Promise<Explanation> {
      const answer = answers[content.subject] ?? {};
      return {
        text: content.text,
        intent: answer.modelCategory ?? answer.category ?? 'other',
        score: answer.score ?? 0.31,
        runnerUp: { intent: 'other', score: 0.04 },
        threshold: 0.8,
        decided: (answer.score ?? 0) >= 0.8,
        forIntent: [{ feature: 'w:password', label: 'password', weight: 0.8 }],
        forRunnerUp: [{ feature: 'w:invoice', label: 'invoice', weight: 0.1 }],
        networkShare: 0,
      };
    },
  };
  return classifier;
}

/** A mail as the intake hands it over; `original` makes it a forward. */
export function incomingMail(
  fields: Partial<IncomingMail> & { messageId: string; subject: string },
): IncomingMail {
  return {
    from: 'Ana Analyst <ana@corp.example>',
    fromAddress: 'ana@corp.example',
    text: '',
    mailbox: 'soc@mail.corp.example/INBOX',
    uidValidity: '1',
    uid: 1,
    receivedAt: '2026-12-06T10:00:00.000Z',
    attachments: [],
    ...fields,
  };
}
