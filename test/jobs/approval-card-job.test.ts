import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConversationReference } from 'botbuilder';
import { ProactiveMessenger } from '../../src/channels/proactive-sender';
import { loadConfig } from '../../src/config';
import { approvalCard, readApprovalDecision } from '../../src/conversation/approval-card';
import { createIntegrations } from '../../src/integrations/create-integrations';
import { approvalCardJob, type ApprovalCardPost } from '../../src/jobs/approval-card-job';
import { createLogger } from '../../src/logger';
import type { JobContext } from '../../src/outbox/job-handler';
import { ConversationDirectoryStore } from '../../src/store/conversation-directory';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';

const FACTS = {
  approvalId: 'APR-0007',
  willRun: ['block terminal PC-0815 (block webhook)', 'block user DDIC (SCIM)'],
  system: 'PRD',
  terminal: 'PC-0815',
  username: 'DDIC',
  alertRef: 'SOC-2026-0001',
  requestedBy: 'Ana [x](https://evil.example)',
  why: "the requester's role may not block alone",
  expiresAt: '2026-12-06T10:30:00.000Z',
};

/**
 * The approval card job against the Bot Framework connector stand-in: posted once to every
 * conversation the leads registered and to the incident room, never twice across attempts, and a
 * clear, final failure when no lead can see it.
 */
describe('post.approval job', () => {
  let dir: string;
  let directory: ConversationDirectoryStore;
  let connector: ConnectorStandIn;
  const botAuth = loadConfig({}).botAuth;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-approval-card-'));
    directory = new ConversationDirectoryStore(dir);
    connector = await startConnectorStandIn();
  });
  afterEach(async () => {
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function conversation(id: string): Promise<string> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id, isGroup: true, conversationType: 'channel', name: '' },
      user: { id: 'lea-29', name: 'Lea' },
      bot: { id: 'socbot', name: 'socbot' },
    };
    return directory.remember(reference);
  }

  function handler() {
    const delivery = new ProactiveMessenger(directory, botAuth);
    const integrations = createIntegrations(loadConfig({}).integrations, {
      logger: createLogger({ level: 'silent' }),
      teams: { delivery, conversations: directory },
    });
    const run = approvalCardJob.handlerFor({ integrations, delivery, conversations: directory });
    if (!run) throw new Error('the approval card job has no handler');
    return run;
  }

  function context(progress: unknown, saved: unknown[]): JobContext {
    return {
      idempotencyKey: approvalCardJob.request(post()).idempotencyKey,
      signal: new AbortController().signal,
      attempt: 1,
      progress,
      saveProgress: async (value) => void saved.push(value),
    } as JobContext;
  }

  function post(room?: string): ApprovalCardPost {
    const { text, card } = approvalCard(FACTS);
    return { approvalId: FACTS.approvalId, text, card, ...(room ? { room } : {}) };
  }

  /** The payload as the outbox stores it and hands it to the handler. */
  const stored = (room?: string) => approvalCardJob.request(post(room)).payload;

  it('is keyed by the approval, so a request asked twice posts one card', () => {
    expect(approvalCardJob.request(post()).idempotencyKey).toBe('APR-0007:post.approval');
  });

  it('posts the card to every leads conversation and the incident room, each once', async () => {
    const leads = await conversation('conv-leads');
    const night = await conversation('conv-night-leads');
    const room = await conversation('conv-room-SOC-2026-0001');
    await directory.register('leads', leads);
    await directory.register('leads', night);
    const saved: unknown[] = [];
    const result = await handler()(stored(room), context(undefined, saved));
    expect(result).toEqual({ delivered: 3 });
    for (const id of ['conv-leads', 'conv-night-leads', 'conv-room-SOC-2026-0001']) {
      const [message] = connector.repliesOf(id).map((reply) => reply.activity);
      expect(message?.text).toBe(
        'Approval needed (APR-0007): Ana [x](https://evil.example) asks to block terminal PC-0815 (block webhook) and block user DDIC (SCIM) on PRD for alert SOC-2026-0001. Expires 2026-12-06 10:30 UTC.',
      );
      const attachments = message?.attachments as Array<{ content: unknown }> | undefined;
      const card = attachments?.[0]?.content as {
        body: Array<{ facts?: Array<{ title: string; value: string }> }>;
        actions: Array<{ data: unknown }>;
      };
      const facts = Object.fromEntries(
        card.body.flatMap((b) => b.facts ?? []).map((f) => [f.title, f.value]),
      );
      // Typed by an analyst: plain text on the card, never a link.
      expect(facts['Requested by']).toBe('Ana \\[x\\]\\(https://evil.example\\)');
      expect(facts['Will run']).toBe(
        'block terminal PC\\-0815 \\(block webhook\\); block user DDIC \\(SCIM\\)',
      );
      expect(card.actions.map((action) => readApprovalDecision(action.data))).toEqual([
        { action: 'approval.approve', approvalId: 'APR-0007' },
        { action: 'approval.reject', approvalId: 'APR-0007' },
      ]);
    }
    // A later attempt with that progress (the outbox's retry after a crash) posts nothing again.
    await handler()(stored(room), context(saved.at(-1), []));
    expect(connector.repliesOf('conv-leads')).toHaveLength(1);
    expect(connector.repliesOf('conv-room-SOC-2026-0001')).toHaveLength(1);
  });

  it("posts the card to every conversation of the incident's room (Teams thread and shared page), each once", async () => {
    const leads = await conversation('conv-leads');
    const thread = await conversation('conv-room-thread');
    const page = await conversation('conv-room-page');
    await directory.register('leads', leads);
    // The leads' conversation is in the room's list too: it still gets one card.
    const payload = approvalCardJob.request({ ...post(), rooms: [thread, page, leads] }).payload;
    const saved: unknown[] = [];
    await expect(handler()(payload, context(undefined, saved))).resolves.toEqual({ delivered: 3 });
    await handler()(payload, context(saved.at(-1), []));
    for (const id of ['conv-leads', 'conv-room-thread', 'conv-room-page']) {
      expect(connector.repliesOf(id)).toHaveLength(1);
    }
  });

  it('skips a leads conversation the bot was removed from, and still reaches the others', async () => {
    const leads = await conversation('conv-leads');
    const gone = await conversation('conv-gone');
    await directory.register('leads', gone);
    await directory.register('leads', leads);
    connector.answerWith('conv-gone', [404]);
    await expect(handler()(stored(), context(undefined, []))).resolves.toEqual({
      delivered: 1,
      unreachable: 1,
    });
    expect(connector.repliesOf('conv-leads')).toHaveLength(1);
    expect(connector.repliesOf('conv-gone')).toHaveLength(0);
  });

  it('fails for good, saying how to fix it, when no lead conversation is registered and there is no room', async () => {
    await expect(handler()(stored(), context(undefined, []))).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('"register this channel for leads"'),
    });
  });
});
