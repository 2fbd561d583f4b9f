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
import { socCardJob } from '../../src/jobs/soc-card-job';
import { Outbox } from '../../src/outbox/outbox';
import { isSettled, type OutboxJob } from '../../src/outbox/outbox-job';
import { describeOutcome } from '../../src/outbox/outcome-message';
import { ConversationDirectoryStore } from '../../src/store/conversation-directory';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { NOTICE } from '../integrations/fixtures';

/** More 503s than the Bot Framework connector client retries inside one call (it posts 4 times). */
const BUSY_FOR_ONE_ATTEMPT = [503, 503, 503, 503];

/**
 * Teams delivery to several registered conversations, through the real ProactiveMessenger and a
 * Bot Framework connector stand-in on 127.0.0.1: a conversation that is gone is given up alone,
 * one that is busy gets the message on a later attempt, exactly once.
 */
describe('Teams delivery to several conversations, end to end through the outbox', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let directory: ConversationDirectoryStore;
  let outbox: Outbox;
  const log = createCapturedLogger('debug');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-teams-delivery-'));
    connector = await startConnectorStandIn();
    directory = new ConversationDirectoryStore(dir);
    const delivery = new ProactiveMessenger(directory, loadConfig({}).botAuth);
    const basisTeams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory,
      logger: log.logger,
    });
    const integrations: Integrations = {
      blocking: [],
      basisNotifiers: [basisTeams],
      leadsNotifiers: [],
      execNotifiers: [],
      notifiersFor: () => [basisTeams],
    };
    outbox = new Outbox({
      dataDir: dir,
      pollIntervalMs: 50,
      retryPolicy: { minDelayMs: 10, maxDelayMs: 50, factor: 2, jitter: false, maxAttempts: 6 },
    });
    JOB_KINDS.install(outbox, { integrations, delivery, conversations: directory });
    await outbox.start();
  });
  afterEach(async () => {
    await outbox.stop();
    await connector.close();
    await directory.flush();
    await rm(dir, { recursive: true, force: true });
  });

  async function registerConversation(audience: 'basis' | 'soc', id: string): Promise<void> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id, isGroup: true, conversationType: 'channel', name: id },
      bot: { id: 'socbot', name: 'socbot' },
    };
    await directory.register(audience, await directory.remember(reference));
  }

  async function settled(jobId: string, withinMs: number): Promise<OutboxJob> {
    const job = await outbox.waitFor(jobId, withinMs);
    if (!isSettled(job)) throw new Error(`job ${jobId} still ${job.status} after ${withinMs} ms`);
    return job;
  }

  it('a Basis notice reaches the busy conversation exactly once although the other one is gone', async () => {
    await registerConversation('basis', 'busy');
    await registerConversation('basis', 'gone');
    connector.answerWith('busy', [...BUSY_FOR_ONE_ATTEMPT, 201]);
    connector.answerWith('gone', [404, 404, 404, 404, 404, 404]);

    const queued = await JOB_KINDS.queue(outbox, noticeJobs.basis.teams, NOTICE, { alertRef: NOTICE.ref });
    const job = await settled(queued.id, 25_000);

    expect(job.status).toBe('succeeded');
    expect(connector.repliesOf('busy')).toHaveLength(1);
    expect(connector.repliesOf('busy')[0]?.activity.text).toContain('PC-0815');
    // Gone is permanent for that conversation only: asked once, never again.
    expect(connector.postsTo('gone')).toBe(1);
    expect(job.attempts).toBe(2);
    expect(job.result).toEqual({ channel: 'teams', delivered: 1, unreachable: 1 });
    expect(describeOutcome(job, JOB_KINDS.wordingOf(job))).toBe(
      'Notified the Basis team by teams (1 conversation) about SOC-2026-0001. One registered conversation no longer takes messages (the bot was removed or it was deleted): register that channel again.',
    );
  }, 30_000);

  it('a retry does not post again to a conversation that already got the notice', async () => {
    await registerConversation('basis', 'first');
    await registerConversation('basis', 'busy');
    connector.answerWith('busy', [...BUSY_FOR_ONE_ATTEMPT, 200]);

    const queued = await JOB_KINDS.queue(outbox, noticeJobs.basis.teams, NOTICE, { alertRef: NOTICE.ref });
    const job = await settled(queued.id, 25_000);

    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(connector.postsTo('first')).toBe(1);
    expect(connector.repliesOf('busy')).toHaveLength(1);
    expect(job.result).toEqual({ channel: 'teams', delivered: 2 });
  }, 30_000);

  it('fails for good, and says what to do, when every registered conversation is gone', async () => {
    await registerConversation('soc', 'gone-1');
    await registerConversation('soc', 'gone-2');
    connector.answerWith('gone-1', [404]);
    connector.answerWith('gone-2', [403]);

    const queued = await JOB_KINDS.queue(
      outbox,
      socCardJob,
      { ref: 'SOC-2026-0002', text: 'SIEM alert 5120', card: { type: 'AdaptiveCard' } },
      { alertRef: 'SOC-2026-0002' },
    );
    const job = await settled(queued.id, 10_000);

    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job.lastError?.message).toContain('none of the 2 registered conversations can take messages');
    expect(job.lastError?.message).toContain('MicrosoftAppPassword');
  }, 15_000);
});
