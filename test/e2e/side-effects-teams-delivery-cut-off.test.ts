import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConversationReference } from 'botbuilder';
import { ProactiveMessenger } from '../../src/channels/proactive-sender';
import { loadConfig } from '../../src/config';
import type { Integrations } from '../../src/integrations/create-integrations';
import { createTeamsNotifier } from '../../src/integrations/notify/teams-notifier';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import { noticeJobs } from '../../src/jobs/notice-job';
import { Outbox, type OutboxOptions } from '../../src/outbox/outbox';
import { isSettled, type OutboxJob } from '../../src/outbox/outbox-job';
import { ConversationDirectoryStore } from '../../src/store/conversation-directory';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { NOTICE } from '../integrations/fixtures';
import { eventually } from '../outbox/outbox-test-kit';

/** How long the hanging conversation keeps the first post waiting: well past the attempt timeout. */
const HANG_MS = 2500;

/**
 * "Told once" when an attempt is cut off: by the outbox's attempt timeout or by a shutdown. The
 * Bot Framework connector stand-in on 127.0.0.1 answers conversation `fast` at once and keeps the
 * first post to `hanging` waiting; a post the bot aborts is not taken, one it leaves open is taken
 * late. Whatever was delivered before the cut-off must not be delivered again.
 */
describe('Teams delivery cut off mid-attempt, end to end through the outbox', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let directory: ConversationDirectoryStore;
  let integrations: Integrations;
  let delivery: ProactiveMessenger;
  const opened: Outbox[] = [];
  const log = createCapturedLogger('debug');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-teams-cut-off-'));
    connector = await startConnectorStandIn();
    directory = new ConversationDirectoryStore(dir);
    delivery = new ProactiveMessenger(directory, loadConfig({}).botAuth);
    const basisTeams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory,
      logger: log.logger,
    });
    integrations = {
      blocking: [],
      basisNotifiers: [basisTeams],
      leadsNotifiers: [],
      execNotifiers: [],
      notifiersFor: () => [basisTeams],
    };
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((outbox) => outbox.stop({ graceMs: 0 })));
    await connector.close();
    await directory.flush();
    await rm(dir, { recursive: true, force: true });
  });

  async function startOutbox(options: Partial<OutboxOptions>): Promise<Outbox> {
    const outbox = new Outbox({
      dataDir: dir,
      pollIntervalMs: 50,
      retryPolicy: { minDelayMs: 10, maxDelayMs: 50, factor: 2, jitter: false, maxAttempts: 6 },
      ...options,
    });
    opened.push(outbox);
    JOB_KINDS.install(outbox, { integrations, delivery, conversations: directory });
    await outbox.start();
    return outbox;
  }

  async function registerConversation(id: string): Promise<string> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id, isGroup: true, conversationType: 'channel', name: id },
      bot: { id: 'socbot', name: 'socbot' },
    };
    const key = await directory.remember(reference);
    await directory.register('basis', key);
    return key;
  }

  async function settled(outbox: Outbox, jobId: string, withinMs: number): Promise<OutboxJob> {
    const job = await outbox.waitFor(jobId, withinMs);
    if (!isSettled(job)) throw new Error(`job ${jobId} still ${job.status} after ${withinMs} ms`);
    return job;
  }

  /** Lets a post that was left open (not aborted) reach the stand-in, where it would be counted. */
  async function pastTheHang(since: number): Promise<void> {
    const left = since + HANG_MS + 500 - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }

  it('after an attempt timed out on a hanging conversation, each conversation gets the notice exactly once', async () => {
    await registerConversation('fast');
    await registerConversation('hanging');
    connector.hangNextPost('hanging', HANG_MS);
    const outbox = await startOutbox({ jobTimeoutMs: 800 });
    const began = Date.now();

    const queued = await JOB_KINDS.queue(outbox, noticeJobs.basis.teams, NOTICE, { alertRef: NOTICE.ref });
    const job = await settled(outbox, queued.id, 10_000);
    await pastTheHang(began);

    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(job.result).toEqual({ channel: 'teams', delivered: 2 });
    expect(connector.postsTo('fast')).toBe(1);
    expect(connector.repliesOf('fast')).toHaveLength(1);
    expect(connector.repliesOf('hanging')).toHaveLength(1);
  }, 15_000);

  it('a shutdown mid-delivery keeps what was delivered, and the restarted outbox tells only the rest', async () => {
    const fastKey = await registerConversation('fast');
    await registerConversation('hanging');
    connector.hangNextPost('hanging', HANG_MS);
    const first = await startOutbox({ jobTimeoutMs: 10_000 });
    const began = Date.now();

    const queued = await JOB_KINDS.queue(first, noticeJobs.basis.teams, NOTICE, { alertRef: NOTICE.ref });
    await eventually(() => connector.repliesOf('fast').length === 1 && connector.postsTo('hanging') === 1);
    await first.stop({ graceMs: 50 });

    expect(await first.get(queued.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      progress: { delivered: [fastKey], unreachable: [] },
    });

    const restarted = await startOutbox({ jobTimeoutMs: 10_000 });
    const job = await settled(restarted, queued.id, 10_000);
    await pastTheHang(began);

    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(connector.postsTo('fast')).toBe(1);
    expect(connector.repliesOf('fast')).toHaveLength(1);
    expect(connector.repliesOf('hanging')).toHaveLength(1);
  }, 15_000);
});
