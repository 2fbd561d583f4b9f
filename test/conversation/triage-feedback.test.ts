import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../../src/access/actor';
import type { AccessDecision } from '../../src/access/authorize';
import type { AuditRecord } from '../../src/audit/audit-entry';
import { handleTriageFeedback, readTriageFeedback } from '../../src/conversation/triage-feedback';
import { TriageLog } from '../../src/store/triage-log';

const REF = 'SOC-2026-0001';
const NOW = new Date('2026-12-06T12:00:00.000Z');
const ANA: Actor = { id: 'ana-1', name: 'Ana' };
const RUN = {
  ref: REF,
  summary: 's',
  recommendation: 'close' as const,
  reason: 'r',
  classification: 'false_positive' as const,
  severity: 2,
  confidence: 8,
  artifacts: [],
  model: 'm',
  at: '2026-12-06T10:00:00.000Z',
  instructionFile: 'default.md',
};

describe('feedback on an AI triage card', () => {
  let dir: string;
  let log: TriageLog;
  let audited: AuditRecord[];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-triage-feedback-'));
    log = new TriageLog(dir);
    audited = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const deps = (allowed: boolean) => ({
    authorize: (_actor: Actor, action: string): AccessDecision =>
      (allowed
        ? { allowed: true }
        : {
            allowed: false,
            code: 'ROLE_MISSING',
            reason: `${action}: ask a SOC lead for the analyst role.`,
          }) as AccessDecision,
    audit: { append: async (record: AuditRecord) => void audited.push(record) },
    triageFeedback: log,
  });
  const who = { actor: ANA, roles: ['analyst' as const], conversationId: 'conv-1' };

  it('reads only well-formed presses, with the comment cleaned and bounded', () => {
    expect(
      readTriageFeedback({ action: 'triage.feedback', ref: REF, rating: 'good', comment: '  ' }),
    ).toEqual({
      action: 'triage.feedback',
      ref: REF,
      rating: 'good',
    });
    expect(
      readTriageFeedback({
        action: 'triage.feedback',
        ref: REF,
        rating: 'almost_there',
        comment: 'a\r\nb' + 'x'.repeat(2000),
      })?.comment,
    ).toMatch(/^a {2}bx+…?$/);
    expect(
      readTriageFeedback({ action: 'triage.feedback', ref: REF, rating: 'good', comment: 'x'.repeat(5000) })
        ?.comment?.length,
    ).toBeLessThanOrEqual(1000);
    expect(readTriageFeedback({ action: 'triage.feedback', ref: REF, rating: 'great' })).toBeUndefined();
    expect(readTriageFeedback({ action: 'triage.feedback', ref: '', rating: 'good' })).toBeUndefined();
    expect(readTriageFeedback({ action: 'alert.inform', ref: REF })).toBeUndefined();
  });

  it('stores the rating and comment with the triage and audits it', async () => {
    await log.record(RUN);
    const reply = await handleTriageFeedback(
      {
        action: 'triage.feedback',
        ref: REF,
        rating: 'almost_there',
        comment: 'missed the firefighter session',
      },
      who,
      deps(true),
      () => NOW,
    );
    expect(reply.text).toBe(
      `Thanks: your feedback on the AI triage of ${REF} ("Almost there", with your comment) is recorded.`,
    );
    expect((await log.of(REF))?.feedback).toEqual([
      { rating: 'almost_there', comment: 'missed the firefighter session', by: 'Ana', at: NOW.toISOString() },
    ]);
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'command',
        summary: `rate the AI triage of ${REF} as almost_there`,
        result: 'recorded',
        alertRef: REF,
      }),
    ]);
  });

  it('refuses whoever may not note alerts, says why, audits the refusal and stores nothing', async () => {
    await log.record(RUN);
    const reply = await handleTriageFeedback(
      { action: 'triage.feedback', ref: REF, rating: 'good' },
      who,
      deps(false),
    );
    expect(reply.text).toMatch(/^I did not record your feedback .* ask a SOC lead/);
    expect((await log.of(REF))?.feedback).toEqual([]);
    expect(audited).toEqual([
      expect.objectContaining({ action: 'refusal', result: 'refused: ROLE_MISSING' }),
    ]);
  });

  it('says so for an alert without a triage', async () => {
    const reply = await handleTriageFeedback(
      { action: 'triage.feedback', ref: REF, rating: 'good' },
      who,
      deps(true),
    );
    expect(reply.text).toBe(`${REF} has no AI triage to rate.`);
    expect(audited).toEqual([]);
  });

  it('a press on the card of an earlier triage rates nothing and says to rate the newest card', async () => {
    await log.record(RUN);
    await log.record({ ...RUN, at: '2026-12-06T11:00:00.000Z', summary: 'a second look' });
    const reply = await handleTriageFeedback(
      { action: 'triage.feedback', ref: REF, rating: 'good', run: RUN.at },
      who,
      deps(true),
    );
    expect(reply.text).toBe(
      `${REF} has no AI triage of that card any more: it was triaged again since. Rate the newest triage card; nothing was recorded.`,
    );
    expect((await log.of(REF))?.feedback).toEqual([]);
    expect(audited).toEqual([]);
    expect(
      readTriageFeedback({ action: 'triage.feedback', ref: REF, rating: 'good', run: RUN.at })?.run,
    ).toBe(RUN.at);
  });
});
