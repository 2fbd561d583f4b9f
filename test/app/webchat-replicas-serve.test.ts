import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { socbotServerOptions } from '../../src/cli/commands/serve';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { fakeNlu } from '../cli/fake-nlu';
import { openConversation, poll, pollPause, postActivity } from '../directline/helpers';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { testConfig } from '../helpers/test-config';

const CORPUS = path.join(__dirname, '..', '..', 'corpus');

interface PolledSet {
  activities: Array<{ id: string; text?: string; from: { role?: string } }>;
  watermark: string;
}

/**
 * Two `socbot serve` replicas (each its own data directory) on one PostgreSQL, wired exactly as
 * serve wires them: a Web Chat page started on A goes on with B after A stopped.
 */
describe('socbot serve: Web Chat on two replicas sharing PostgreSQL', () => {
  let dir: string;
  let testDb: TestDatabase;
  const running: RunningServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-webchat-replicas-'));
    testDb = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => {
    for (const server of running) await server.stop();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function startReplica(name: string): Promise<RunningServer> {
    const config = testConfig({
      dataDir: path.join(dir, `data-${name}`),
      // One model file for both replicas, as on a shared volume.
      modelPath: path.join(dir, 'model.json'),
      corpusPath: CORPUS,
      database: testDb.settings,
    });
    const server = await startServer(
      config,
      socbotServerOptions(fakeNlu(), createCapturedLogger().logger, { config }),
    );
    running.push(server);
    return server;
  }

  it('continues the conversation on B with A’s token and watermark, and both serve one model', async () => {
    const replicaA = await startReplica('a');
    const replicaB = await startReplica('b');
    const chat = await openConversation(replicaA.url);
    expect((await chat.post({ type: 'message', text: 'help' })).status).toBe(200);
    const onA = (await chat.poll()).json as PolledSet;
    // The welcome, the message, the bot's answer.
    expect(onA.activities.map((activity) => activity.from.role)).toEqual(['bot', 'user', 'bot']);

    await replicaA.stop();
    const posted = await postActivity(replicaB.url, chat.token, chat.conversationId, {
      type: 'message',
      text: 'help',
    });
    expect(posted.status).toBe(200);
    await pollPause();
    const onB = (await poll(replicaB.url, chat.token, chat.conversationId, onA.watermark)).json as PolledSet;
    // Only what came after A's watermark: the message posted to B and B's answer, no welcome again.
    expect(
      onB.activities.map((activity) => [
        activity.from.role,
        activity.from.role === 'user' ? activity.text : '',
      ]),
    ).toEqual([
      ['user', 'help'],
      ['bot', ''],
    ]);
    const ids = [...onA.activities, ...onB.activities].map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);

    const health = (await httpRequest(`${replicaB.url}/healthz`)).json as {
      model?: { replicas?: { serving: boolean } };
    };
    expect(health.model?.replicas?.serving).toBe(true);
  });
});
