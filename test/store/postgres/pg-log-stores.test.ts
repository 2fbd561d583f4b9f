import type { MailPredictionEntry } from '../../../src/mail/mail-log-entry';
import { MailLog, MAIL_LOG_FILE_NAME } from '../../../src/store/mail-log';
import { LOG_LINES_TABLE, pgJsonLinesLogs } from '../../../src/store/postgres/pg-json-lines-log';
import { TRIAGE_FILE_NAME, TriageLog, type TriageRun } from '../../../src/store/triage-log';
import { twoReplicaPools } from '../../helpers/postgres';

const RUN: TriageRun = {
  ref: 'SOC-2026-0001',
  summary: 'DDIC debugged in PRD.',
  recommendation: 'escalate',
  reason: 'Debug & replace in production.',
  classification: 'true_positive',
  severity: 9,
  confidence: 7,
  artifacts: ['DDIC'],
  model: 'gpt-4.1-mini',
  at: '2026-12-06T10:00:00.000Z',
  instructionFile: 'sap-etd/debugging-in-production.md',
};

const prediction = (messageId: string, category: string): MailPredictionEntry => ({
  kind: 'prediction',
  at: '2026-11-03T08:00:00.000Z',
  messageId,
  textHash: `hash-of-${messageId}`,
  text: 'Subject: Your mailbox is full',
  sender: 'it-support@evil.example',
  subject: 'Your mailbox is full',
  category,
  via: 'model',
  score: 0.93,
  modelCategory: category,
  threshold: 0.8,
});

/** The triage and mail logs on PostgreSQL, written by one replica and read by another. */
describe('the triage and mail logs on two PostgreSQL replicas', () => {
  const replicas = twoReplicaPools();

  it('folds runs, feedback and the final classification written on either replica', async () => {
    const onA = new TriageLog(pgJsonLinesLogs(replicas.a));
    const onB = new TriageLog(pgJsonLinesLogs(replicas.b));
    await onA.record({ ...RUN, classification: 'false_positive', at: '2026-12-06T09:00:00.000Z' });
    await onB.record(RUN);
    expect(await onA.addFeedback(RUN.ref, { rating: 'good', by: 'ana', at: 'later' }, RUN.at)).toBe(true);
    expect(await onB.recordFinal(RUN.ref, { classification: 'true_positive', by: 'lea', at: 'end' })).toBe(
      true,
    );
    expect(await onA.of(RUN.ref)).toMatchObject({
      classification: 'true_positive',
      history: [{ classification: 'false_positive' }],
      feedback: [{ rating: 'good', by: 'ana' }],
      finalClassification: 'true_positive',
    });
  });

  it('skips and counts a stored line of the wrong shape, like a damaged line in the file', async () => {
    const log = new MailLog(pgJsonLinesLogs(replicas.a));
    await log.append(prediction('<a@x>', 'phishing'));
    await replicas.b.query(
      `INSERT INTO ${LOG_LINES_TABLE} (log, body) VALUES ($1, $2::jsonb), ($3, $2::jsonb)`,
      [MAIL_LOG_FILE_NAME, JSON.stringify({ kind: 'prediction', hand: 'edited' }), TRIAGE_FILE_NAME],
    );
    await log.append(prediction('<b@x>', 'spam'));
    const { entries, skippedLines } = await new MailLog(pgJsonLinesLogs(replicas.b)).read();
    expect(entries.map((entry) => entry.messageId)).toEqual(['<a@x>', '<b@x>']);
    expect(skippedLines).toBe(1);
    expect(await log.categoryOf('<b@x>')).toBe('spam');
    expect((await new TriageLog(pgJsonLinesLogs(replicas.a)).read()).skippedLines).toBe(1);
  });
});
