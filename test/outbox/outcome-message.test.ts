import type { OutboxJob } from '../../src/outbox/outbox-job';
import { describeOutcome } from '../../src/outbox/outcome-message';

const base: OutboxJob = {
  id: 'job-1',
  type: 'ticket.create',
  idempotencyKey: 'ticket:SOC-2026-0001',
  payload: null,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: '2026-03-01T10:00:00.000Z',
  origin: {},
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
};
const wording = {
  task: 'create the ticket',
  success: (result: unknown) => `Ticket ${(result as { number: string }).number} created.`,
};
const unavailable = { code: 'UPSTREAM_UNAVAILABLE', message: 'HTTP 503 from ServiceNow' };

describe('describeOutcome', () => {
  it.each<[Partial<OutboxJob>, string]>([
    [{ status: 'pending', attempts: 0 }, 'On it: I will create the ticket and report back here.'],
    [{ status: 'running', attempts: 1 }, 'On it: I will create the ticket and report back here.'],
    [
      { status: 'pending', attempts: 1, lastError: unavailable },
      'Still trying to create the ticket (attempt 1 failed: HTTP 503 from ServiceNow (UPSTREAM_UNAVAILABLE)); I will report back here.',
    ],
    // Attempt 2 is still running: the last failed attempt is 1, not 2.
    [
      { status: 'running', attempts: 2, lastError: unavailable },
      'Still trying to create the ticket (attempt 1 failed: HTTP 503 from ServiceNow (UPSTREAM_UNAVAILABLE)); I will report back here.',
    ],
    [
      { status: 'pending', attempts: 2, lastError: unavailable },
      'Still trying to create the ticket (attempt 2 failed: HTTP 503 from ServiceNow (UPSTREAM_UNAVAILABLE)); I will report back here.',
    ],
    [{ status: 'succeeded', attempts: 1, result: { number: 'INC0012345' } }, 'Ticket INC0012345 created.'],
    [
      { status: 'given_up', attempts: 6, lastError: unavailable },
      'I could not create the ticket after 6 attempts: HTTP 503 from ServiceNow (UPSTREAM_UNAVAILABLE).',
    ],
    [
      {
        status: 'failed',
        attempts: 1,
        lastError: { code: 'UNAUTHORIZED', message: 'HTTP 401 from ServiceNow' },
      },
      'I could not create the ticket: HTTP 401 from ServiceNow (UNAUTHORIZED). Retrying will not help; this needs a person to look at it.',
    ],
  ])('%j → %s', (change, sentence) => {
    expect(describeOutcome({ ...base, ...change }, wording)).toBe(sentence);
  });

  it('has a plain success sentence when no wording for the result is given', () => {
    expect(describeOutcome({ ...base, status: 'succeeded' }, { task: 'notify Basis' })).toBe(
      'Done: notify Basis.',
    );
  });
});
