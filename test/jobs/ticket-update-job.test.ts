import type { Integrations } from '../../src/integrations/create-integrations';
import { createServiceNowTicketing } from '../../src/integrations/ticketing/servicenow-ticketing';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import { ticketUpdateJob } from '../../src/jobs/ticket-update-job';
import type { JobContext } from '../../src/outbox/job-handler';
import { describeOutcome } from '../../src/outbox/outcome-message';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, ctx, TEST_TIMEOUT_MS } from '../integrations/fixtures';
import { startServiceNowStandIn } from '../integrations/stand-ins/servicenow-stand-in';

/** The `ticket.update` job with its third change, a note: stored payload, permission, wording, attempt. */
const TICKET = { provider: 'servicenow' as const, id: 'a'.repeat(32), number: 'INC0010001' };
const NOTE = {
  ref: ALERT.ref,
  ticket: TICKET,
  change: 'note' as const,
  notes: 'verdict',
  requestId: 'enrich-1',
};
const CLOSE = {
  ...NOTE,
  change: 'close' as const,
  classification: 'false_positive' as const,
  requestId: 'turn-9',
};

function stored(payload: unknown, status: OutboxJob['status'] = 'pending', result?: unknown): OutboxJob {
  return {
    id: 'job-1',
    type: ticketUpdateJob.type,
    idempotencyKey: 'k',
    payload: payload as OutboxJob['payload'],
    status,
    attempts: 1,
    nextAttemptAt: '2026-12-06T00:00:00Z',
    origin: {},
    createdAt: '2026-12-06T00:00:00Z',
    updatedAt: '2026-12-06T00:00:00Z',
    ...(result === undefined ? {} : { result: result as OutboxJob['result'] }),
  };
}

describe('ticket.update with change note', () => {
  it("needs note_alert to be retried, a close close_alert, a damaged payload the kind's close_alert", () => {
    expect(JOB_KINDS.permissionOf(stored(NOTE))).toBe('note_alert');
    expect(JOB_KINDS.permissionOf(stored(CLOSE))).toBe('close_alert');
    expect(JOB_KINDS.permissionOf(stored({ ...NOTE, change: 'shred' }))).toBe('close_alert');
  });

  it('is keyed by alert and request id and worded as a note', () => {
    expect(ticketUpdateJob.request(NOTE).idempotencyKey).toBe('SOC-2026-0001:ticket.update:enrich-1');
    const result = { provider: 'servicenow', number: 'INC0010001', status: '1', unchanged: false };
    const done = stored(NOTE, 'succeeded', result);
    expect(describeOutcome(done, JOB_KINDS.wordingOf(done))).toContain(
      'Note added to ticket INC0010001 of SOC-2026-0001.',
    );
    expect(JOB_KINDS.wordingOf(stored(CLOSE)).task).toBe('close ticket INC0010001 of SOC-2026-0001');
  });

  it("runs as a work note on the configured ServiceNow incident, the incident's state untouched", async () => {
    const standIn = await startServiceNowStandIn('socbot', 'pw-0123456789abcdef');
    try {
      const log = createCapturedLogger('debug');
      const servicenow = createServiceNowTicketing({
        url: standIn.url,
        user: 'socbot',
        password: 'pw-0123456789abcdef',
        timeoutMs: TEST_TIMEOUT_MS,
        logger: log.logger,
      });
      const incident = await servicenow.createTicket(ALERT, ctx('SOC-2026-0001:ticket.create'));
      const integrations: Integrations = {
        ticketing: servicenow,
        blocking: [],
        basisNotifiers: [],
        leadsNotifiers: [],
        execNotifiers: [],
        notifiersFor: () => [],
      };
      const handler = ticketUpdateJob.handlerFor({
        integrations,
        delivery: { deliver: async () => undefined },
        conversations: { list: async () => [] },
      })!;
      const context: JobContext = {
        ...ctx(ticketUpdateJob.request(NOTE).idempotencyKey),
        attempt: 1,
        progress: undefined,
        saveProgress: async () => undefined,
      };

      const result = await handler({ ...NOTE, ticket: { ...TICKET, id: incident.id } }, context);

      expect(result).toEqual({ provider: 'servicenow', number: 'INC0010001', status: '1', unchanged: false });
      expect(standIn.journal.get(incident.id)?.map((entry) => entry.value)).toEqual([
        'verdict\n[socbot SOC-2026-0001:ticket.update:enrich-1]',
      ]);
    } finally {
      await standIn.close();
    }
  });
});
