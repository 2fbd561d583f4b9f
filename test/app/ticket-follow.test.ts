import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditFilePath, AuditLog } from '../../src/audit/audit-log';
import { recordJobOutcomes } from '../../src/audit/job-outcome-audit';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { accessConfigOf } from '../../src/access/access-config';
import { createAuthorizer } from '../../src/access/authorize';
import { createAlertLifecycle } from '../../src/app/alert-lifecycle';
import { SocbotError } from '../../src/errors';
import { createTicketFollow, type TicketFollowRequest } from '../../src/app/ticket-follow';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import { ticketJob } from '../../src/jobs/ticket-job';
import { Outbox } from '../../src/outbox/outbox';
import { AlertRegister } from '../../src/store/alert-register';
import { ALERT } from '../integrations/fixtures';

const CLOSE: TicketFollowRequest = {
  ref: ALERT.ref,
  change: 'close',
  classification: 'false_positive',
  requestId: 'turn-9',
  actor: { id: 'ana-29', name: 'Ana', role: 'analyst' },
};

const INCIDENT = { provider: 'servicenow', id: 'a'.repeat(32), number: 'INC0010001', existing: false };

describe('the ticket follows the alert: which update is queued', () => {
  let dir: string;
  let audit: AuditLog;
  const outboxes: Outbox[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-ticket-follow-'));
    audit = new AuditLog(auditFilePath(dir));
  });
  afterEach(async () => {
    for (const outbox of outboxes.splice(0)) await outbox.stop();
    await audit.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** An outbox in `sub` whose ticket.create jobs succeed with INCIDENT (started) or wait (not started). */
  async function outboxIn(sub: string, started: boolean): Promise<Outbox> {
    const outbox = new Outbox({ dataDir: path.join(dir, sub) });
    outbox.register(ticketJob.type, async () => INCIDENT);
    outboxes.push(outbox);
    if (started) await outbox.start();
    return outbox;
  }

  async function createdTicket(outbox: Outbox): Promise<void> {
    const job = await JOB_KINDS.queue(outbox, ticketJob, ALERT, { alertRef: ALERT.ref });
    expect((await outbox.waitFor(job.id, 5000)).status).toBe('succeeded');
  }

  const updateJobs = async (outbox: Outbox) =>
    (await outbox.list()).filter((job) => job.type === 'ticket.update');

  it('queues one audited update with the ticket as created, also when the change comes again', async () => {
    const outbox = await outboxIn('outbox', true);
    await createdTicket(outbox);
    const follow = createTicketFollow({ ticketing: 'servicenow', outbox, jobs: JOB_KINDS, audit });

    const first = await follow(CLOSE);
    const again = await follow(CLOSE);

    expect(first).toMatchObject({ queued: true, ticket: 'INC0010001' });
    expect(again).toEqual(first);
    const [update, ...more] = await updateJobs(outbox);
    expect(more).toHaveLength(0);
    expect(update).toMatchObject({
      idempotencyKey: 'SOC-2026-0001:ticket.update:turn-9',
      origin: { alertRef: ALERT.ref, requestId: 'turn-9' },
      payload: {
        ref: ALERT.ref,
        ticket: { provider: 'servicenow', id: INCIDENT.id, number: 'INC0010001' },
        change: 'close',
        classification: 'false_positive',
      },
    });
    expect(JOB_KINDS.permissionOf(update!)).toBe('close_alert');
    await audit.flush();
    const calls = (await readAuditFile(audit.file)).lines.filter(({ entry }) => entry?.action === 'call');
    expect(calls.map(({ entry }) => [entry?.summary, entry?.result])).toEqual([
      ['close ticket INC0010001 of SOC-2026-0001', 'queued'],
      ['close ticket INC0010001 of SOC-2026-0001', 'queued'], // the same job: no second one
    ]);
  });

  it('finds the ticket in the audit trail once the outbox has dropped the settled creation job', async () => {
    const first = await outboxIn('first', true);
    const stopRecording = recordJobOutcomes(first, audit);
    await createdTicket(first);
    await audit.flush();
    stopRecording();
    const emptied = await outboxIn('emptied', false);

    const outcome = await createTicketFollow({
      ticketing: 'servicenow',
      outbox: emptied,
      jobs: JOB_KINDS,
      audit,
    })(CLOSE);

    expect(outcome).toMatchObject({ queued: true, ticket: 'INC0010001' });
    expect(await updateJobs(emptied)).toHaveLength(1);
  });

  it('queues nothing, and says why, without ticketing or without a ticket', async () => {
    const outbox = await outboxIn('outbox', false);
    const follow = (ticketing: 'servicenow' | undefined) =>
      createTicketFollow({ ticketing, outbox, jobs: JOB_KINDS, audit })(CLOSE);

    expect(await follow(undefined)).toMatchObject({
      queued: false,
      reason: 'no-ticketing',
      said: expect.stringContaining('TICKETING=none'),
    });
    expect(await follow('servicenow')).toMatchObject({
      queued: false,
      reason: 'no-ticket',
      said: `${ALERT.ref} has no ticket, so no ticket was updated.`,
    });
    expect(await updateJobs(outbox)).toHaveLength(0);
  });

  it('names a ticket not created yet by its creation key, so the update waits for it', async () => {
    const outbox = await outboxIn('outbox', false);
    await JOB_KINDS.queue(outbox, ticketJob, ALERT, { alertRef: ALERT.ref });

    const outcome = await createTicketFollow({ ticketing: 'jira', outbox, jobs: JOB_KINDS, audit })(CLOSE);

    expect(outcome).toEqual({ queued: true, jobId: expect.any(String) });
    const [update] = await updateJobs(outbox);
    expect(update?.payload).toMatchObject({
      ticket: { provider: 'jira', creationKey: 'SOC-2026-0001:ticket.create' },
    });
    expect(JOB_KINDS.wordingOf(update!).task).toBe('close the ticket of SOC-2026-0001');
  });

  it('queues the update when a close comes again after a crash cut it off before the queue', async () => {
    const outbox = await outboxIn('outbox', true);
    const alerts = new AlertRegister(dir);
    try {
      await alerts.add({ ...ALERT, createdBy: 'siem', conversationId: '' });
      await createdTicket(outbox);
      const follow = createTicketFollow({ ticketing: 'servicenow', outbox, jobs: JOB_KINDS, audit });
      let crashes = 1;
      const access = createAuthorizer(accessConfigOf({ lead: ['lea-29'] }));
      const lifecycle = createAlertLifecycle({
        alerts,
        audit,
        authorize: access.authorize,
        rolesOf: access.rolesOf,
        leads: access.leads,
        followTicket: async (request) => {
          if (crashes-- > 0) throw new Error('killed before the queue');
          return follow(request);
        },
      });
      const asked = { actor: { id: 'lea-29', name: 'Lea' }, ref: ALERT.ref, requestId: 'turn-9' };

      await expect(lifecycle.close(asked, 'false_positive')).rejects.toThrow('killed');
      expect(await updateJobs(outbox)).toHaveLength(0);
      const again = await lifecycle.close(asked, 'false_positive');

      expect(again).toMatchObject({ status: 'closed', ticketUpdate: { queued: true, ticket: 'INC0010001' } });
      expect(await updateJobs(outbox)).toHaveLength(1);
    } finally {
      await alerts.close();
    }
  });

  describe("note: the enrichment verdict for the alert's ticket", () => {
    const VERDICT = 'VirusTotal: 12 malicious of 94.\r\nAbuseIPDB: 100 (\u0000Tor exit)';

    it('queues one audited note update (permission note_alert), bounded and cleaned, also when queued again', async () => {
      const outbox = await outboxIn('outbox', true);
      await createdTicket(outbox);
      const follow = createTicketFollow({ ticketing: 'servicenow', outbox, jobs: JOB_KINDS, audit });

      const first = await follow.note(ALERT.ref, VERDICT + 'x'.repeat(5000), 'enrich-1');
      const again = await follow.note(ALERT.ref, VERDICT + 'x'.repeat(5000), 'enrich-1');

      expect(first).toMatchObject({ queued: true, ticket: 'INC0010001' });
      expect(again).toEqual(first);
      const [update, ...more] = await updateJobs(outbox);
      expect(more).toHaveLength(0);
      expect(update).toMatchObject({
        idempotencyKey: 'SOC-2026-0001:ticket.update:enrich-1',
        origin: { alertRef: ALERT.ref, requestId: 'enrich-1' },
        payload: { ref: ALERT.ref, change: 'note', ticket: { number: 'INC0010001' } },
      });
      const notes = String((update?.payload as { notes?: unknown }).notes);
      expect(notes.startsWith('VirusTotal: 12 malicious of 94.\nAbuseIPDB: 100 ( Tor exit)x')).toBe(true);
      expect(Array.from(notes)).toHaveLength(4000);
      expect(update?.payload).not.toHaveProperty('classification');
      expect(JOB_KINDS.permissionOf(update!)).toBe('note_alert');
      expect(JOB_KINDS.wordingOf(update!).task).toBe('add a note to ticket INC0010001 of SOC-2026-0001');
      await audit.flush();
      const calls = (await readAuditFile(audit.file)).lines.filter(({ entry }) => entry?.action === 'call');
      expect(calls.map(({ entry }) => [entry?.actor.name, entry?.summary, entry?.result])).toEqual([
        ['socbot enrichment', 'add a note to ticket INC0010001 of SOC-2026-0001', 'queued'],
        ['socbot enrichment', 'add a note to ticket INC0010001 of SOC-2026-0001', 'queued'], // the same job
      ]);
    });

    it('names the actor and conversation given, and waits for a ticket not created yet', async () => {
      const outbox = await outboxIn('outbox', false);
      await JOB_KINDS.queue(outbox, ticketJob, ALERT, { alertRef: ALERT.ref });
      const follow = createTicketFollow({ ticketing: 'thehive', outbox, jobs: JOB_KINDS, audit });

      const outcome = await follow.note(ALERT.ref, 'verdict', 'enrich-2', {
        actor: { id: 'ana-29', name: 'Ana' },
        conversationKey: 'webchat:c1',
      });

      expect(outcome).toEqual({ queued: true, jobId: expect.any(String) });
      const [update] = await updateJobs(outbox);
      expect(update).toMatchObject({
        origin: { conversationKey: 'webchat:c1' },
        payload: { ticket: { provider: 'thehive', creationKey: 'SOC-2026-0001:ticket.create' } },
      });
      expect(JOB_KINDS.wordingOf(update!).task).toBe('add a note to the ticket of SOC-2026-0001');
    });

    it('queues nothing, and says why, without ticketing or a ticket; refuses an empty note', async () => {
      const outbox = await outboxIn('outbox', false);
      const note = (ticketing: 'jira' | undefined, text = 'verdict') =>
        createTicketFollow({ ticketing, outbox, jobs: JOB_KINDS, audit }).note(ALERT.ref, text, 'enrich-3');

      expect(await note(undefined)).toMatchObject({ queued: false, reason: 'no-ticketing' });
      expect(await note('jira')).toMatchObject({ queued: false, reason: 'no-ticket' });
      const empty = await note('jira', ' \r\n\u0000 ').catch((error: unknown) => error);
      expect(empty).toBeInstanceOf(SocbotError);
      expect(empty).toMatchObject({ code: 'INPUT_INVALID' });
      expect(await updateJobs(outbox)).toHaveLength(0);
    });
  });
});
