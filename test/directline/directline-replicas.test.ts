import { Database } from '../../src/db/database';
import { PgDirectLineStore } from '../../src/channels/directline/pg-directline-store';
import { sharedWebChatTokenKey } from '../../src/store/postgres/pg-webchat-token-key';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import {
  createRecordingBot,
  openConversation,
  poll,
  pollPause,
  postActivity,
  startWebChatServer,
  type WebChatServer,
} from './helpers';

interface PolledSet {
  activities: Array<{ id: string; text?: string; from: { role?: string } }>;
  watermark: string;
}

/**
 * Two socbot replicas behind a load balancer, as Web Chat sees them: two Direct Line endpoints, each
 * with its own pool on one database. A page that started on A goes on with B when A is gone.
 */
describe('Web Chat across two replicas on one PostgreSQL', () => {
  let testDb: TestDatabase;
  let poolA: Database;
  let poolB: Database;
  let replicaA: WebChatServer;
  let replicaB: WebChatServer;
  let botA: ReturnType<typeof createRecordingBot>;
  let botB: ReturnType<typeof createRecordingBot>;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    poolA = new Database(testDb.settings);
    poolB = new Database(testDb.settings);
    botA = createRecordingBot();
    botB = createRecordingBot();
    // Each replica reads the shared key itself: the first one's key is the one both use.
    const [keyA, keyB] = await Promise.all([sharedWebChatTokenKey(poolA), sharedWebChatTokenKey(poolB)]);
    expect(keyA.equals(keyB)).toBe(true);
    replicaA = await startWebChatServer({
      bot: botA,
      shared: { conversations: new PgDirectLineStore(poolA), tokenKey: keyA },
    });
    replicaB = await startWebChatServer({
      bot: botB,
      shared: { conversations: new PgDirectLineStore(poolB), tokenKey: keyB },
    });
  });
  afterEach(async () => {
    await replicaA.close();
    await replicaB.close();
    await poolA.close();
    await poolB.close();
    await testDb.drop();
  });

  it('continues a conversation started on A on B: token valid, replies by watermark, nothing lost or doubled', async () => {
    const chat = await openConversation(replicaA.url);
    expect((await chat.post({ type: 'message', text: 'first on A' })).status).toBe(200);
    const onA = (await chat.poll()).json as PolledSet;
    expect(onA.activities.map((activity) => activity.text)).toEqual([
      'first on A',
      expect.stringContaining('echo: first on A'),
    ]);

    // Replica A dies; the load balancer sends the page's next requests to B.
    await replicaA.close();
    const posted = await postActivity(replicaB.url, chat.token, chat.conversationId, {
      type: 'message',
      text: 'second on B',
    });
    expect(posted.status).toBe(200);
    const onB = (await poll(replicaB.url, chat.token, chat.conversationId, onA.watermark)).json as PolledSet;
    expect(onB.activities.map((activity) => activity.text)).toEqual([
      'second on B',
      expect.stringContaining('echo: second on B'),
    ]);
    // From the start, B shows the whole stream once, in order, whoever wrote it.
    await pollPause();
    const whole = (await poll(replicaB.url, chat.token, chat.conversationId)).json as PolledSet;
    expect(whole.activities.map((activity) => activity.text)).toEqual([
      'first on A',
      expect.stringContaining('echo: first on A'),
      'second on B',
      expect.stringContaining('echo: second on B'),
    ]);
    expect(new Set(whole.activities.map((activity) => activity.id)).size).toBe(4);
    expect(botA.seen.filter((type) => type === 'message')).toHaveLength(1);
    expect(botB.seen.filter((type) => type === 'message')).toHaveLength(1);
    // The join was announced once, by the replica that started the conversation.
    expect([...botA.seen, ...botB.seen].filter((type) => type === 'conversationUpdate')).toHaveLength(1);
  });

  it('reads on B the replies A wrote after B last polled (polling alternates between replicas)', async () => {
    const chat = await openConversation(replicaA.url);
    let watermark = '';
    const texts: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const postTo = i % 2 === 0 ? replicaA : replicaB;
      const pollAt = i % 2 === 0 ? replicaB : replicaA;
      expect(
        (await postActivity(postTo.url, chat.token, chat.conversationId, { type: 'message', text: `m${i}` }))
          .status,
      ).toBe(200);
      const set = (await poll(pollAt.url, chat.token, chat.conversationId, watermark)).json as PolledSet;
      texts.push(...set.activities.map((activity) => activity.text ?? ''));
      watermark = set.watermark;
    }
    expect(texts).toEqual([0, 1, 2, 3].flatMap((i) => [`m${i}`, expect.stringContaining(`echo: m${i}`)]));
  });

  it('runs a post retried on the other replica once, and answers both with the same id', async () => {
    const chat = await openConversation(replicaA.url);
    const message = { type: 'message', text: 'isolate host', channelData: { clientActivityID: 'c-9' } };
    const first = await postActivity(replicaA.url, chat.token, chat.conversationId, message);
    const retry = await postActivity(replicaB.url, chat.token, chat.conversationId, message);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.json).toEqual(first.json);
    expect([...botA.seen, ...botB.seen].filter((type) => type === 'message')).toHaveLength(1);
    const set = (await poll(replicaB.url, chat.token, chat.conversationId)).json as PolledSet;
    expect(set.activities.filter((activity) => activity.text === 'isolate host')).toHaveLength(1);
  });
});
