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
      'I could not create the ticket after 6 attempts: HTTP 503 from ServiceNow (UPSTREAM_UNAVAILABLE). ' +
        'It was NOT done, and socbot will not try again by itself: an operator can run `socbot outbox retry job-1` once the service is back.',
    ],
    [
      {
        status: 'failed',
        attempts: 1,
        lastError: { code: 'UNAUTHORIZED', message: 'HTTP 401 from ServiceNow' },
      },
      'I could not create the ticket: HTTP 401 from ServiceNow (UNAUTHORIZED). It was NOT done. Retrying as it is will not help; ' +
        'once a person has fixed the cause, an operator can run `socbot outbox retry job-1`.',
    ],
  ])('%j → %s', (change, sentence) => {
    expect(describeOutcome({ ...base, ...change }, wording)).toBe(sentence);
  });

  // Issue 12 item 5: the provider's error said "socbot will try again", and the give-up message repeated it.
  it('does not promise another try in the message of a job it gave up', () => {
    const promised = {
      code: 'UPSTREAM_UNAVAILABLE',
      message:
        'servicenow is temporarily unavailable (503) on POST /api/now/table/incident; socbot will try again.',
    };
    const text = describeOutcome({ ...base, status: 'given_up', attempts: 6, lastError: promised }, wording);
    expect(text).not.toMatch(/socbot will try again/);
    expect(text).toContain(
      'temporarily unavailable (503) on POST /api/now/table/incident (UPSTREAM_UNAVAILABLE)',
    );
    expect(text).toContain('It was NOT done');
    expect(text).toContain('socbot outbox retry job-1');
    // While it is still being retried, the promise is true and stays.
    expect(
      describeOutcome({ ...base, status: 'pending', attempts: 2, lastError: promised }, wording),
    ).toContain('socbot will try again');
  });

  it('names the Retry button when the message carries one', () => {
    const job: OutboxJob = { ...base, status: 'given_up', attempts: 6, lastError: unavailable };
    expect(describeOutcome(job, wording, { retryButton: true })).toContain(
      'press Retry below once the service is back, or an operator can run `socbot outbox retry job-1`.',
    );
  });

  it('has a plain success sentence when no wording for the result is given', () => {
    expect(describeOutcome({ ...base, status: 'succeeded' }, { task: 'notify Basis' })).toBe(
      'Done: notify Basis.',
    );
  });
});
