import { idempotencyKeyOf, jobKindOf } from '../../src/app/job-types';
import { jobWording } from '../../src/app/job-wording';
import { describeOutcome } from '../../src/outbox/outcome-message';
import type { OutboxJob } from '../../src/outbox/outbox-job';

function job(fields: Partial<OutboxJob>): OutboxJob {
  return {
    id: 'job-1',
    type: 'ticket.create',
    idempotencyKey: 'k',
    payload: {},
    status: 'succeeded',
    attempts: 1,
    nextAttemptAt: '2026-01-01T00:00:00Z',
    origin: {},
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...fields,
  };
}

describe('idempotency keys', () => {
  it('are alert, operation and target, in the characters every provider accepts', () => {
    expect(idempotencyKeyOf('SOC-2026-0001', 'block.webhook', 'PC-0815')).toBe(
      'SOC-2026-0001:block.webhook:PC-0815',
    );
    expect(idempotencyKeyOf('4711', 'ticket.create')).toBe('4711:ticket.create');
    expect(idempotencyKeyOf('SOC-2026-0001', 'block.scim', 'DDIC" OR 1=1 <x>')).toMatch(
      /^[A-Za-z0-9._:-]{1,128}$/,
    );
    expect(idempotencyKeyOf('r', 'op', 'x'.repeat(500)).length).toBeLessThanOrEqual(128);
  });

  it('stay within 128 characters and distinct with several long targets', () => {
    const long = (c: string): string => c.repeat(60);
    const a = idempotencyKeyOf(long('r'), 'notify.basis.teams', long('t'), `${long('u')}1`);
    const b = idempotencyKeyOf(long('r'), 'notify.basis.teams', long('t'), long('v'));
    expect(a).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(b).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(a).not.toBe(b);
    expect(idempotencyKeyOf('SOC-2026-0001', 'notify.basis.teams', 'PC-0815', 'DDIC')).toBe(
      'SOC-2026-0001:notify.basis.teams:PC-0815:DDIC',
    );
  });
});

describe('job wording', () => {
  it('reads the job type back', () => {
    expect(jobKindOf('notify.leads.email')).toEqual({ kind: 'notify', audience: 'leads', channel: 'email' });
    expect(jobKindOf('block.scim')).toEqual({ kind: 'block', provider: 'scim' });
    expect(jobKindOf('post.soc')).toEqual({ kind: 'soc-post' });
    expect(jobKindOf('something.else.entirely.odd')).toEqual({ kind: 'other' });
  });

  it.each([
    [
      job({ payload: { ref: 'SOC-2026-0001' }, result: { number: 'INC0010001', existing: true } }),
      'Ticket INC0010001 created for SOC-2026-0001.',
    ],
    [
      job({
        type: 'block.scim',
        payload: { terminal: 'PC-0815', username: 'DDIC' },
        result: { outcome: 'already-blocked' },
      }),
      'Already blocked: user DDIC (SCIM).',
    ],
    [
      job({
        type: 'notify.basis.teams',
        payload: { ref: 'SOC-2026-0001' },
        result: { channel: 'teams', delivered: 2 },
      }),
      'Notified the Basis team by teams (2 conversations) about SOC-2026-0001.',
    ],
    [
      job({
        type: 'notify.leads.email',
        payload: { ref: 'SOC-2026-0001' },
        status: 'failed',
        lastError: { code: 'INTEGRATION_FAILED', message: 'SMTP refused the login' },
      }),
      'I could not notify the SOC leads by email about SOC-2026-0001: SMTP refused the login (INTEGRATION_FAILED). Retrying will not help; this needs a person to look at it.',
    ],
  ])('describes %#', (settled, sentence) => {
    expect(describeOutcome(settled, jobWording(settled))).toBe(sentence);
  });
});
