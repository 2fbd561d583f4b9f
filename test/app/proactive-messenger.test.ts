import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Activity, ConversationReference } from 'botbuilder';
import { ProactiveMessenger } from '../../src/channels/proactive-sender';
import { loadConfig } from '../../src/config';
import { IntegrationError } from '../../src/integrations/integration-error';
import { ConversationDirectoryStore } from '../../src/store/conversation-directory';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { eventually } from '../outbox/outbox-test-kit';

describe('ProactiveMessenger', () => {
  let dir: string;
  let directory: ConversationDirectoryStore;
  let connector: ConnectorStandIn;
  const botAuth = loadConfig({}).botAuth;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-proactive-'));
    directory = new ConversationDirectoryStore(dir);
    connector = await startConnectorStandIn();
  });
  afterEach(async () => {
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  function reference(serviceUrl: string, conversationId: string): Partial<ConversationReference> {
    return {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'ana-29', name: 'Ana' },
      bot: { id: 'socbot', name: 'socbot' },
    };
  }

  it('posts to the stored serviceUrl through the Bot Framework adapter (authentication off, offline)', async () => {
    const key = await directory.remember(reference(connector.serviceUrl, 'conv-1'));
    expect(key).toBe('msteams/conv-1');
    await new ProactiveMessenger(directory, botAuth).deliver(key, { text: 'Ticket INC0010001 created.' });
    expect(connector.repliesOf('conv-1').map((reply) => reply.activity.text)).toEqual([
      'Ticket INC0010001 created.',
    ]);
  });

  it('aborts the connector post when the signal fires, and the connector never takes it', async () => {
    const key = await directory.remember(reference(connector.serviceUrl, 'conv-slow'));
    connector.hangNextPost('conv-slow', 1000);
    const controller = new AbortController();
    const messenger = new ProactiveMessenger(directory, botAuth);

    const delivering = messenger.deliver(key, { text: 'late' }, { signal: controller.signal });
    const cutOff = expect(delivering).rejects.toMatchObject({ kind: 'aborted', retryable: true });
    await eventually(() => connector.postsTo('conv-slow') === 1);
    controller.abort();
    await cutOff;
    // Past the hang: a post left open would be taken now.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    expect(connector.postsTo('conv-slow')).toBe(1);
    expect(connector.repliesOf('conv-slow')).toEqual([]);
    await expect(messenger.deliver(key, { text: 'x' }, { signal: controller.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(connector.postsTo('conv-slow')).toBe(1);
  });

  it('hands conversations of an in-process channel to the delivery attached for its serviceUrl', async () => {
    const key = await directory.remember(reference('urn:socbot:directline', 'dl_1'));
    const delivered: Array<[string, Partial<Activity>]> = [];
    const messenger = new ProactiveMessenger(directory, botAuth);
    const detach = messenger.attach('urn:socbot:directline', async (ref, activity) => {
      delivered.push([ref.conversation.id, activity]);
    });
    await messenger.deliver(key, { text: 'done' });
    expect(delivered).toEqual([['dl_1', { type: 'message', text: 'done' }]]);
    detach();
    // Detached: the channel is not running in this process any more, and nothing is posted anywhere.
    await expect(messenger.deliver(key, { text: 'again' })).rejects.toMatchObject({
      kind: 'not-found',
      retryable: false,
    });
  });

  it('refuses a conversation it never heard from, saying how to fix it', async () => {
    const error = await new ProactiveMessenger(directory, botAuth)
      .deliver('msteams/unknown', { text: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).message).toContain(
      'Say anything to the bot in that conversation first',
    );
  });

  it.each([
    [404, { kind: 'not-found', retryable: false }, 'Register the channel again'],
    [403, { kind: 'auth', retryable: false }, 'still installed there'],
    [503, { kind: 'unavailable', retryable: true }, 'socbot will try again'],
    [429, { kind: 'rate-limited', retryable: true }, 'slow down'],
  ])(
    'turns the connector answering %i into an IntegrationError for that conversation',
    async (status, fields, advice) => {
      const key = await directory.remember(reference(connector.serviceUrl, 'conv-9'));
      connector.answerWith(
        'conv-9',
        Array.from({ length: 10 }, () => status),
      );
      const error = await new ProactiveMessenger(directory, botAuth)
        .deliver(key, { text: 'x' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ ...fields, status });
      expect((error as IntegrationError).message).toContain(advice);
    },
  );
});
