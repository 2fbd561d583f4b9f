import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ProactiveMessenger } from '../../src/channels/proactive-sender';
import { loadConfig } from '../../src/config';
import type { Integrations } from '../../src/integrations/create-integrations';
import { IntegrationError } from '../../src/integrations/integration-error';
import type { RoomHeader } from '../../src/integrations/notify/room-header-card';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import { roomTeamsJob, type RoomJobDeps } from '../../src/jobs/room-teams-job';
import { Outbox } from '../../src/outbox/outbox';
import { isSettled, type OutboxJob } from '../../src/outbox/outbox-job';
import { describeOutcome } from '../../src/outbox/outcome-message';
import { ConversationDirectoryStore } from '../../src/store/conversation-directory';
import { IncidentRoomRegistry } from '../../src/store/incident-rooms';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';

const NO_INTEGRATIONS: Integrations = {
  blocking: [],
  basisNotifiers: [],
  leadsNotifiers: [],
  execNotifiers: [],
  notifiersFor: () => [],
};

const HEADER: RoomHeader = {
  ref: 'SOC-2026-0001',
  alertId: '4711',
  priority: 'P2',
  system: 'PRD',
  title: 'Debugging on production',
  description: 'User DDIC switched on the debugger with replace on PRD [click](https://evil.example)',
  lead: 'Maria',
};

/** The SOC channel as Teams names a message in it: the channel id with the root post's id. */
const SOC_CHANNEL = '19:soc@thread.tacv2;messageid=1700';

/**
 * The `room.teams` job through the real ProactiveMessenger against the Bot Framework connector
 * stand-in on 127.0.0.1: `POST /v3/conversations` starts the room's thread in the SOC channel once,
 * across a retry and a restart.
 */
describe('room.teams: the incident room as a thread in the SOC channel', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let directory: ConversationDirectoryStore;
  let registry: IncidentRoomRegistry;
  let messenger: ProactiveMessenger;
  let outbox: Outbox | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-room-teams-'));
    connector = await startConnectorStandIn();
    directory = new ConversationDirectoryStore(dir);
    registry = new IncidentRoomRegistry(dir);
    messenger = new ProactiveMessenger(directory, loadConfig({}).botAuth);
    await registry.open(HEADER.ref, { id: 'ana@soc.example', name: 'Ana' });
  });
  afterEach(async () => {
    await outbox?.stop();
    outbox = undefined;
    await connector.close();
    await directory.flush();
    await rm(dir, { recursive: true, force: true });
  });

  async function startOutbox(rooms: RoomJobDeps['rooms'] = registry): Promise<Outbox> {
    outbox = new Outbox({
      dataDir: dir,
      pollIntervalMs: 50,
      retryPolicy: { minDelayMs: 10, maxDelayMs: 50, factor: 2, jitter: false, maxAttempts: 6 },
    });
    JOB_KINDS.install(outbox, {
      integrations: NO_INTEGRATIONS,
      delivery: messenger,
      conversations: directory,
      rooms: { threads: messenger, rooms },
    });
    await outbox.start();
    return outbox;
  }

  async function registerSocChannel(): Promise<void> {
    const key = await directory.remember({
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: {
        id: SOC_CHANNEL,
        isGroup: true,
        conversationType: 'channel',
        name: 'SOC',
        tenantId: 'tenant-1',
      },
      bot: { id: '28:socbot', name: 'socbot' },
    });
    await directory.register('soc', key);
  }

  async function settled(box: Outbox, jobId: string, withinMs = 10_000): Promise<OutboxJob> {
    const job = await box.waitFor(jobId, withinMs);
    if (!isSettled(job)) throw new Error(`job ${jobId} still ${job.status} after ${withinMs} ms`);
    return job;
  }

  it('starts one thread in the SOC channel, headed by number, description and lead, and posts there', async () => {
    await registerSocChannel();
    const box = await startOutbox();
    const job = await settled(box, (await JOB_KINDS.queue(box, roomTeamsJob, HEADER)).id);

    expect(job.status).toBe('succeeded');
    expect(connector.created).toHaveLength(1);
    const [thread] = connector.created;
    expect(thread?.parameters).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: '19:soc@thread.tacv2' }, tenant: { id: 'tenant-1' } },
      bot: { id: '28:socbot' },
    });
    const header = thread?.parameters.activity;
    expect(header?.text).toContain('SOC-2026-0001');
    expect(header?.text).toContain('Lead: Maria');
    expect(header?.text).toContain('Debugging on production');
    // The SIEM's text is data: its markdown link is escaped, on the card and in the text.
    expect(header?.text).toContain('\\[click\\]\\(https://evil.example\\)');
    expect(JSON.stringify(header?.attachments)).toContain('Lead');
    expect(JSON.stringify(header?.attachments)).not.toContain('[click](');

    const roomKeys = await registry.roomOf(HEADER.ref);
    expect(roomKeys).toEqual([`msteams/${thread?.id}`]);
    expect(describeOutcome(job, JOB_KINDS.wordingOf(job))).toBe(
      'Opened the room for SOC-2026-0001 as a new thread in the SOC channel in Teams.',
    );
    // The room's thread is a conversation the bot can write to, as results will be.
    await messenger.deliver(roomKeys?.[0] ?? '', { text: 'Ticket INC0010001 created for SOC-2026-0001.' });
    expect(connector.repliesOf(thread?.id ?? '').map((reply) => reply.activity.text)).toEqual([
      header?.text,
      'Ticket INC0010001 created for SOC-2026-0001.',
    ]);
  }, 15_000);

  it('a retry after the thread was started does not start another one', async () => {
    await registerSocChannel();
    let refusals = 1;
    const flaky: RoomJobDeps['rooms'] = {
      get: (ref) => registry.get(ref),
      setTeams: async (ref, address) => {
        if (refusals-- > 0) {
          throw new IntegrationError('registry busy', {
            service: 'test',
            kind: 'unavailable',
            retryable: true,
          });
        }
        return registry.setTeams(ref, address);
      },
    };
    const box = await startOutbox(flaky);
    const job = await settled(box, (await JOB_KINDS.queue(box, roomTeamsJob, HEADER)).id);

    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(connector.created).toHaveLength(1);
    expect(await registry.roomOf(HEADER.ref)).toEqual([`msteams/${connector.created[0]?.id}`]);
  }, 15_000);

  it('a restart after the thread was started finishes the job without starting another one', async () => {
    await registerSocChannel();
    const broken: RoomJobDeps['rooms'] = {
      get: (ref) => registry.get(ref),
      setTeams: () =>
        Promise.reject(
          new IntegrationError('disk gone', { service: 'test', kind: 'unavailable', retryable: true }),
        ),
    };
    const first = await startOutbox(broken);
    const queued = await JOB_KINDS.queue(first, roomTeamsJob, HEADER);
    await waitUntil(
      async () => ((await first.get(queued.id))?.attempts ?? 0) >= 1 && connector.created.length === 1,
    );
    await first.stop();
    outbox = undefined;

    // The next process: the same data directory, a registry that works.
    const second = await startOutbox();
    const job = await settled(second, queued.id);
    expect(job.status).toBe('succeeded');
    expect(connector.created).toHaveLength(1);
    expect(await registry.roomOf(HEADER.ref)).toEqual([`msteams/${connector.created[0]?.id}`]);

    // Opening the room again later (another analyst) finds the thread: still one.
    const again = await JOB_KINDS.queue(second, roomTeamsJob, { ...HEADER, lead: 'Ana' });
    expect((await settled(second, again.id)).status).toBe('succeeded');
    expect(connector.created).toHaveLength(1);
  }, 20_000);

  it('fails at once and says how to register the SOC channel when there is none', async () => {
    const box = await startOutbox();
    const job = await settled(box, (await JOB_KINDS.queue(box, roomTeamsJob, HEADER)).id);
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job.lastError?.message).toContain('register this channel for soc alerts');
    expect(connector.created).toHaveLength(0);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
