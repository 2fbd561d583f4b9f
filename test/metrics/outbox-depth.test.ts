import { Registry } from 'prom-client';
import { depthOf, OutboxMetrics } from '../../src/metrics/outbox-metrics';
import { SideEffectMetrics } from '../../src/metrics/side-effect-metrics';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { createCapturedLogger } from '../helpers/captured-logger';
import { valueOf } from './prometheus-text';

const NOW = new Date('2026-12-06T12:00:00.000Z');

function job(fields: Partial<OutboxJob> & Pick<OutboxJob, 'type' | 'status'>): OutboxJob {
  return {
    id: `job-${Math.random()}`,
    idempotencyKey: `key-${Math.random()}`,
    payload: {},
    attempts: 0,
    nextAttemptAt: NOW.toISOString(),
    origin: {},
    createdAt: '2026-12-06T11:59:00.000Z',
    updatedAt: '2026-12-06T11:59:00.000Z',
    ...fields,
  };
}

describe('the outbox queue by kind', () => {
  it('counts unsettled jobs by state and ages the oldest from when it was due', () => {
    const depth = depthOf(
      [
        job({ type: 'ticket.create', status: 'pending', createdAt: '2026-12-06T11:58:00.000Z' }),
        job({ type: 'ticket.create', status: 'running' }),
        // A person's retry ten seconds ago: it waits since then, not since it was first queued.
        job({
          type: 'block.scim',
          status: 'pending',
          createdAt: '2026-12-01T00:00:00.000Z',
          retriedAt: '2026-12-06T11:59:50.000Z',
        }),
        // A timer due in 15 minutes: queued, not waiting.
        job({ type: 'escalate.next', status: 'pending', notBefore: '2026-12-06T12:15:00.000Z' }),
        job({ type: 'ticket.create', status: 'succeeded', createdAt: '2026-11-01T00:00:00.000Z' }),
        job({ type: 'ticket.create', status: 'given_up', createdAt: '2026-11-01T00:00:00.000Z' }),
      ],
      ['ticket.create', 'notify.basis.teams'],
      NOW,
    );
    expect(depth).toEqual([
      { jobKind: 'ticket.create', jobs: { pending: 1, running: 1, scheduled: 0 }, oldestAgeSeconds: 120 },
      { jobKind: 'notify.basis.teams', jobs: { pending: 0, running: 0, scheduled: 0 }, oldestAgeSeconds: 0 },
      { jobKind: 'block.scim', jobs: { pending: 1, running: 0, scheduled: 0 }, oldestAgeSeconds: 10 },
      { jobKind: 'escalate.next', jobs: { pending: 0, running: 0, scheduled: 1 }, oldestAgeSeconds: 0 },
    ]);
  });

  it('leaves the gauges empty when the outbox cannot be read, and still renders the rest', async () => {
    const registry = new Registry();
    const log = createCapturedLogger();
    new OutboxMetrics(registry, {
      outbox: { list: () => Promise.reject(new Error('outbox.json is damaged')) },
      kinds: ['ticket.create'],
      logger: log.logger,
    });
    new SideEffectMetrics(registry).settled(
      job({ type: 'ticket.create', status: 'succeeded', updatedAt: '2026-12-06T11:59:02.500Z' }),
    );
    const text = await registry.metrics();
    expect(
      valueOf(text, 'socbot_outbox_jobs', { job_kind: 'ticket.create', state: 'pending' }),
    ).toBeUndefined();
    expect(
      valueOf(text, 'socbot_outbox_oldest_job_age_seconds', { job_kind: 'ticket.create' }),
    ).toBeUndefined();
    // Due at 11:59:00, done at 11:59:02.5: in the 2.5 s bucket, not the 1 s one.
    const labels = { job_kind: 'ticket.create', outcome: 'succeeded' };
    expect(valueOf(text, 'socbot_side_effect_duration_seconds_bucket', { ...labels, le: '1' })).toBe(0);
    expect(valueOf(text, 'socbot_side_effect_duration_seconds_bucket', { ...labels, le: '2.5' })).toBe(1);
    expect(valueOf(text, 'socbot_side_effect_duration_seconds_sum', labels)).toBe(2.5);
    // One read per scrape for both gauges, so one log line.
    expect(log.lines().filter((line) => String(line.msg).includes('could not read the outbox'))).toHaveLength(
      1,
    );
  });
});
