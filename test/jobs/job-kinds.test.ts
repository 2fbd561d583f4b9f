import { IntegrationError } from '../../src/integrations/integration-error';
import type { Integrations } from '../../src/integrations/create-integrations';
import type { ProactiveMessage } from '../../src/integrations/notify/proactive-delivery';
import { blockJobs } from '../../src/jobs/block-job';
import { idempotencyKeyOf } from '../../src/jobs/idempotency-key';
import { JobKindRegistry } from '../../src/jobs/job-kind-registry';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import { noticeJobs } from '../../src/jobs/notice-job';
import { recoveredActionJob } from '../../src/jobs/recovered-action-job';
import { socCardJob } from '../../src/jobs/soc-card-job';
import { ticketJob } from '../../src/jobs/ticket-job';
import type { JobContext } from '../../src/outbox/job-handler';
import type { Outbox } from '../../src/outbox/outbox';
import { describeOutcome } from '../../src/outbox/outcome-message';
import type { EnqueueRequest, OutboxJob } from '../../src/outbox/outbox-job';

const FACTS = {
  ref: 'SOC-2026-0001',
  alertId: '4711',
  priority: 'P1' as const,
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  client: '100',
  requestedBy: 'Ana',
};
const NOTICE = { ...FACTS, audience: 'basis' as const, blocked: [] };

function job(fields: Partial<OutboxJob>): OutboxJob {
  return {
    id: 'job-1',
    type: 'ticket.create',
    idempotencyKey: 'k',
    payload: FACTS,
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
  });

  it('are the keys the string-typed version used, so a request repeated across the upgrade has one effect', () => {
    const block = { terminal: 'PC-0815', username: 'DDIC', alertRef: 'SOC-2026-0001', requestedBy: 'Ana' };
    expect(ticketJob.request(FACTS).idempotencyKey).toBe('SOC-2026-0001:ticket.create');
    expect(blockJobs.scim.request(block).idempotencyKey).toBe('SOC-2026-0001:block.scim:PC-0815:DDIC');
    expect(noticeJobs.leads.email.request({ ...NOTICE, audience: 'leads' }).idempotencyKey).toBe(
      'SOC-2026-0001:notify.leads.email:PC-0815:DDIC',
    );
    expect(socCardJob.request({ ref: 'SOC-2026-0002', text: 't', card: {} }).idempotencyKey).toBe(
      'SOC-2026-0002:post.soc',
    );
  });

  it('key an approved block by its approval, so a replayed approval blocks once', () => {
    const block = { terminal: 'PC-0815', username: 'DDIC', alertRef: 'SOC-2026-0001', requestedBy: 'Ana' };
    expect(blockJobs.webhook.request({ ...block, approvalId: 'APR-0001' }).idempotencyKey).toBe(
      'APR-0001:block.webhook:PC-0815:DDIC',
    );
    expect(blockJobs.webhook.request({ ...block, approvalId: 'APR-0002' }).idempotencyKey).not.toBe(
      blockJobs.webhook.request({ ...block, approvalId: 'APR-0001' }).idempotencyKey,
    );
  });
});

describe('job wording', () => {
  it.each([
    [
      job({ result: { provider: 'servicenow', id: 'x', number: 'INC0010001', existing: true } }),
      'Ticket INC0010001 created for SOC-2026-0001.',
    ],
    [
      job({
        type: 'block.scim',
        payload: { terminal: 'PC-0815', username: 'DDIC', alertRef: 'SOC-2026-0001', requestedBy: 'Ana' },
        result: { provider: 'scim', target: 'user DDIC', outcome: 'already-blocked' },
      }),
      'Already blocked: user DDIC (SCIM).',
    ],
    [
      job({ type: 'notify.basis.teams', payload: NOTICE, result: { channel: 'teams', delivered: 2 } }),
      'Notified the Basis team by teams (2 conversations) about SOC-2026-0001.',
    ],
    [
      job({
        type: 'notify.leads.email',
        payload: { ...NOTICE, audience: 'leads' },
        status: 'failed',
        lastError: { code: 'INTEGRATION_FAILED', message: 'SMTP refused the login' },
      }),
      'I could not notify the SOC leads by email about SOC-2026-0001: SMTP refused the login (INTEGRATION_FAILED). It was NOT done. ' +
        'Retrying as it is will not help; once a person has fixed the cause, an operator can run `socbot outbox retry job-1`.',
    ],
    [
      job({
        type: 'post.soc',
        payload: { ref: 'SOC-2026-0002', text: 't', card: {} },
        status: 'pending',
        attempts: 0,
      }),
      'On it: I will post the SIEM alert card for SOC-2026-0002 to the SOC channel and report back here.',
    ],
    [job({ result: { number: 'INC0010001' } }), 'Done: create the ticket for SOC-2026-0001.'],
    [job({ type: 'mail.send', payload: {} }), 'Done: run the mail.send job.'],
  ])('describes %#', (settled, sentence) => {
    expect(describeOutcome(settled, JOB_KINDS.wordingOf(settled))).toBe(sentence);
  });
});

describe('the job kind registry', () => {
  function recordingOutbox() {
    const requests: EnqueueRequest[] = [];
    const registered: string[] = [];
    const outbox = {
      enqueue: async (request: EnqueueRequest) => {
        requests.push(request);
        return job({ type: request.type, payload: request.payload, status: 'pending' });
      },
      register: (type: string) => {
        registered.push(type);
        return outbox;
      },
    } as unknown as Outbox;
    return { outbox, requests, registered };
  }
  const none = { list: async () => [] };
  const context: JobContext = {
    idempotencyKey: 'k',
    signal: new AbortController().signal,
    attempt: 1,
    progress: undefined,
    saveProgress: async () => undefined,
  };
  const noDelivery = { deliver: async () => undefined };
  const nothingConfigured: Integrations = {
    blocking: [],
    basisNotifiers: [],
    leadsNotifiers: [],
    execNotifiers: [],
    notifiersFor: () => [],
  };

  it('installs only the kinds whose provider is configured in this process (the others wait)', () => {
    const { outbox, registered } = recordingOutbox();
    const installed = JOB_KINDS.install(outbox, {
      integrations: {
        ...nothingConfigured,
        blocking: [
          { name: 'scim', block: async () => ({ provider: 'scim', target: '', outcome: 'blocked' }) },
        ],
      },
      delivery: noDelivery,
      conversations: none,
    });
    // The conversation kinds always have a handler: they deliver through the proactive messenger.
    expect(installed).toEqual(['block.scim', 'post.soc', 'tell.recovered', 'post.approval', 'tell.approval']);
    expect(registered).toEqual(installed);
  });

  it('queues a typed payload under its stored type and key', async () => {
    const { outbox, requests } = recordingOutbox();
    await JOB_KINDS.queue(outbox, ticketJob, FACTS, { alertRef: FACTS.ref });
    expect(requests).toEqual([
      {
        type: 'ticket.create',
        idempotencyKey: 'SOC-2026-0001:ticket.create',
        payload: FACTS,
        origin: { alertRef: FACTS.ref },
      },
    ]);
    const blockRequest = { terminal: 'PC-0815', alertRef: 'x', requestedBy: 'Ana' };
    // @ts-expect-error a block request is not a ticket's payload: the compiler refuses it
    const refused = () => JOB_KINDS.queue(outbox, ticketJob, blockRequest);
    expect(typeof refused).toBe('function');
  });

  it('refuses a kind that is not registered, since its jobs would never run', async () => {
    const { outbox } = recordingOutbox();
    const small = new JobKindRegistry([ticketJob]);
    await expect(small.queue(outbox, socCardJob, { ref: 'r', text: 't', card: {} })).rejects.toThrow(
      'add it to src/jobs/job-kinds.ts',
    );
    expect(() => new JobKindRegistry([ticketJob, ticketJob])).toThrow(
      'Two job kinds declare the stored type ticket.create',
    );
  });

  it('the SOC card without a registered SOC conversation fails at once and says how to register one', async () => {
    const handler = socCardJob.handlerFor({
      integrations: nothingConfigured,
      delivery: noDelivery,
      conversations: none,
    })!;
    const error = await handler({ ref: 'r', text: 't', card: {} }, context).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain('register this channel for soc alerts');
  });

  it('tells the analyst of a recovered action in their conversation, once per request', async () => {
    const sent: Array<[string, ProactiveMessage]> = [];
    const handler = recoveredActionJob.handlerFor({
      integrations: nothingConfigured,
      delivery: { deliver: async (key, message) => void sent.push([key, message]) },
      conversations: none,
    })!;
    const told = { requestId: 'form-1', conversationKey: 'msteams/conv-1', text: 'Registered alert 4711.' };
    await expect(handler(told, context)).resolves.toEqual({ told: true });
    expect(sent).toEqual([['msteams/conv-1', { text: 'Registered alert 4711.' }]]);
    expect(recoveredActionJob.request(told).idempotencyKey).toBe('form-1:tell.recovered');
    // Its outcome is not reported to the conversation: the message is the report.
    expect(recoveredActionJob.request(told, { alertRef: 'SOC-2026-0001' }).origin).toEqual({
      alertRef: 'SOC-2026-0001',
    });
  });

  it('the SOC card goes to every SOC conversation with its text and card', async () => {
    const sent: Array<[string, ProactiveMessage]> = [];
    const handler = socCardJob.handlerFor({
      integrations: nothingConfigured,
      delivery: { deliver: async (key, message) => void sent.push([key, message]) },
      conversations: { list: async () => ['msteams/soc-1', 'msteams/soc-2'] },
    })!;
    await expect(
      handler({ ref: 'r', text: 'SIEM alert', card: { type: 'AdaptiveCard' } }, context),
    ).resolves.toEqual({ delivered: 2 });
    expect(sent.map(([key]) => key)).toEqual(['msteams/soc-1', 'msteams/soc-2']);
    expect(sent[0]?.[1]).toEqual({
      text: 'SIEM alert',
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
      ],
    });
  });
});
