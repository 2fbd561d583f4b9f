import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AlertFacts } from '../../src/integrations/alert-facts';
import type { BlockingProvider, BlockRequest } from '../../src/integrations/blocking/blocking-provider';
import type { Integrations } from '../../src/integrations/create-integrations';
import type { BasisNotice } from '../../src/integrations/notify/basis-notice';
import type { Notifier } from '../../src/integrations/notify/notifier';
import type { ProactiveMessage } from '../../src/integrations/notify/proactive-delivery';
import { createTeamsNotifier } from '../../src/integrations/notify/teams-notifier';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import { Outbox } from '../../src/outbox/outbox';
import { isSettled, type OutboxJob } from '../../src/outbox/outbox-job';
import { createCapturedLogger } from '../helpers/captured-logger';

/** An outbox.json written by socbot 0.1 (string job types parsed back), before job kinds existed. */
const OLD_OUTBOX = path.join(__dirname, '../fixtures/outbox-written-by-0.x/outbox.json');

/** Every provider a stand-in that records what it was asked. */
function recordingIntegrations(log: ReturnType<typeof createCapturedLogger>) {
  const calls: string[] = [];
  const delivered: Array<[string, ProactiveMessage]> = [];
  const blockingOf = (name: BlockingProvider['name']): BlockingProvider => ({
    name,
    block: async (request: BlockRequest) => {
      calls.push(`block.${name} ${request.terminal}/${request.username ?? ''}`);
      return { provider: name, target: request.terminal, outcome: 'requested' };
    },
  });
  const notifierOf = (audience: 'basis' | 'leads', channel: 'webhook' | 'email'): Notifier => ({
    audience,
    channel,
    recipient: `${audience}:${channel}`,
    notify: async (notice: BasisNotice) => {
      calls.push(`notify.${audience}.${channel} ${notice.ref} blocked=${notice.blocked.length}`);
      return { channel, delivered: 1 };
    },
  });
  const delivery = {
    deliver: async (key: string, message: ProactiveMessage) => void delivered.push([key, message]),
  };
  const conversations = {
    list: async (audience: string) => (audience === 'soc' ? ['msteams/soc'] : ['msteams/basis']),
  };
  const basisTeams = createTeamsNotifier({ audience: 'basis', delivery, conversations, logger: log.logger });
  const basisNotifiers = [basisTeams, notifierOf('basis', 'webhook')];
  const leadsNotifiers = [notifierOf('leads', 'email')];
  const integrations: Integrations = {
    ticketing: {
      name: 'webhook',
      createTicket: async (facts: AlertFacts) => {
        calls.push(`ticket.create ${facts.ref} ${facts.priority} ${facts.system}/${facts.client ?? ''}`);
        return { provider: 'webhook', id: 't-1', number: 'INC0010001', existing: false };
      },
      updateTicket: async (update) => {
        calls.push(`ticket.update ${update.ref} ${update.change}`);
        return { provider: 'webhook', number: update.ref, status: update.change, unchanged: false };
      },
    },
    blocking: [blockingOf('webhook'), blockingOf('scim')],
    basisNotifiers,
    leadsNotifiers,
    execNotifiers: [],
    notifiersFor: () => [...basisNotifiers, ...leadsNotifiers],
  };
  return { integrations, delivery, conversations, calls, delivered };
}

async function settledAll(outbox: Outbox, count: number): Promise<OutboxJob[]> {
  for (let i = 0; i < 200; i += 1) {
    const jobs = await outbox.list();
    if (jobs.length === count && jobs.every(isSettled)) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the jobs did not settle within 5 s');
}

describe('an outbox.json written before job kinds existed', () => {
  let dir: string;
  let outbox: Outbox | undefined;
  const log = createCapturedLogger('debug');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-outbox-upgrade-'));
  });
  afterEach(async () => {
    await outbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every pending job after the upgrade, with its payload as the old version stored it', async () => {
    await copyFile(OLD_OUTBOX, path.join(dir, 'outbox.json'));
    const world = recordingIntegrations(log);
    outbox = new Outbox({ dataDir: dir, pollIntervalMs: 20 });
    const installed = JOB_KINDS.install(outbox, world);
    expect(installed).toEqual(
      expect.arrayContaining(['ticket.create', 'block.webhook', 'block.scim', 'post.soc']),
    );
    await outbox.start();

    const jobs = await settledAll(outbox, 7);

    expect(jobs.map((job) => [job.type, job.status])).toEqual([
      ['ticket.create', 'succeeded'],
      ['block.webhook', 'succeeded'],
      ['block.scim', 'succeeded'],
      ['notify.basis.teams', 'succeeded'],
      ['notify.basis.webhook', 'succeeded'],
      ['notify.leads.email', 'succeeded'],
      ['post.soc', 'succeeded'],
    ]);
    expect(world.calls.sort()).toEqual([
      'block.scim PC-0815/DDIC',
      'block.webhook PC-0815/DDIC',
      'notify.basis.webhook SOC-2026-0001 blocked=1',
      'notify.leads.email SOC-2026-0001 blocked=1',
      'ticket.create SOC-2026-0001 P1 PRD/100',
    ]);
    expect(world.delivered.map(([key, message]) => [key, message.text])).toEqual([
      ['msteams/basis', 'P1 SAP security alert on PRD/100: user DDIC from terminal PC-0815'],
      ['msteams/soc', 'SIEM alert 5120 on PRD: SOC-2026-0002'],
    ]);
    expect(jobs.map((job) => JOB_KINDS.wordingOf(job).task)).toEqual([
      'create the ticket for SOC-2026-0001',
      'block terminal PC-0815 (block webhook)',
      'block user DDIC (SCIM)',
      'notify the Basis team by teams about SOC-2026-0001',
      'notify the Basis team by webhook about SOC-2026-0001',
      'notify the SOC leads by email about SOC-2026-0001',
      'post the SIEM alert card for SOC-2026-0002 to the SOC channel',
    ]);
  });

  it('fails a damaged job at once with a message that says what to do, and runs the others', async () => {
    const file = JSON.parse(await readFile(OLD_OUTBOX, 'utf8')) as { jobs: OutboxJob[] };
    const ticket = file.jobs[0]!;
    ticket.payload = { ref: 'SOC-2026-0001', priority: 'urgent' };
    await writeFile(path.join(dir, 'outbox.json'), JSON.stringify({ jobs: [ticket, file.jobs[1]] }));
    const world = recordingIntegrations(log);
    outbox = new Outbox({ dataDir: dir, pollIntervalMs: 20 });
    JOB_KINDS.install(outbox, world);
    await outbox.start();

    const [damaged, block] = await settledAll(outbox, 2);

    expect(damaged).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'STORAGE_CORRUPT' } });
    expect(damaged?.lastError?.message).toContain('is damaged (alertId:');
    expect(damaged?.lastError?.message).toContain('Ask for the action again in chat');
    expect(JOB_KINDS.wordingOf(damaged!).task).toBe(
      'run the ticket.create job (its stored payload is damaged)',
    );
    expect(block?.status).toBe('succeeded');
    expect(world.calls).toEqual(['block.webhook PC-0815/DDIC']);
  });
});
