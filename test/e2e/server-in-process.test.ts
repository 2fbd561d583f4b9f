import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { defaultNluServices } from '../../src/cli/default-nlu-services';
import { socbotServerOptions } from '../../src/cli/commands/serve';
import { accessConfigOf } from '../../src/access/access-config';
import { testConfig } from '../helpers/test-config';
import { loadModel, saveModel } from '../../src/nlu/model-file';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest } from '../helpers/http-request';
import { conversationOverHttp } from './helpers/conversation-over-http';
import { jsonDataFiles } from './helpers/data-files';
import { PROJECT_CORPUS, trainProjectModel } from './helpers/trained-model';

/**
 * socbot as `socbot serve` starts it (same startServer, same options), with the real model trained
 * from the project corpus, driven over real HTTP with a connector stand-in on 127.0.0.1.
 */
describe('socbot over HTTP with the real model', () => {
  let dir: string;
  let modelPath: string;
  let connector: ConnectorStandIn;
  const running: RunningServer[] = [];

  beforeAll(async () => {
    ({ dir, modelPath } = await trainProjectModel());
    connector = await startConnectorStandIn();
  });
  afterAll(async () => {
    for (const server of running) await server.stop();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts socbot on `dataDir` exactly as `serve` does, on a free port. */
  async function startSocbot(dataDir: string): Promise<RunningServer> {
    const config = testConfig({
      dataDir,
      modelPath,
      corpusPath: PROJECT_CORPUS,
      // The connector's user (conversation-over-http) is an analyst: roles decide, as in Teams.
      access: accessConfigOf({ analyst: ['analyst-1'] }),
    });
    const server = await startServer(
      config,
      socbotServerOptions(defaultNluServices(), createCapturedLogger().logger, { config }),
    );
    running.push(server);
    return server;
  }

  it('registers an alert over several turns', async () => {
    const server = await startSocbot(path.join(dir, 'data-multi-turn'));
    const chat = conversationOverHttp(connector, 'conv-multi-turn');

    const first = await chat.say(server.url, 'register alert 4711 on PRD');
    expect(first.status).toBe(200);
    expect(first.text).toContain('I have alert ID 4711, system PRD.');
    expect(first.text).toContain('From which terminal');
    expect((await chat.say(server.url, 'PC-0815')).text).toContain('Which SAP user');
    expect((await chat.say(server.url, 'DDIC')).text).toContain('Which priority');
    const confirm = await chat.say(server.url, 'P2');
    expect(confirm.text).toContain('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?');
    expect(confirm.replies.at(-1)?.attachments).toEqual([
      expect.objectContaining({ contentType: 'application/vnd.microsoft.card.adaptive' }),
    ]);
    const done = await chat.press(server.url, { action: 'confirm', skill: 'register-alert' });
    expect(done.text).toContain('Registered alert 4711 as SOC-');
  });

  it('continues a form across a server restart on the same data directory', async () => {
    const dataDir = path.join(dir, 'data-restart');
    const chat = conversationOverHttp(connector, 'conv-restart');
    const before = await startSocbot(dataDir);
    expect((await chat.say(before.url, 'register alert 5150 on QAS')).text).toContain('From which terminal');
    expect((await chat.say(before.url, 'fin-ws-119')).text).toContain('Which SAP user');
    expect(await before.stop()).toEqual({ drained: true });

    const after = await startSocbot(dataDir);
    expect(after.url).not.toBe(before.url);
    expect((await chat.say(after.url, 'SAP*')).text).toContain('Which priority');
    expect((await chat.say(after.url, 'high')).text).toContain(
      'Register alert 5150 on QAS: user SAP*, terminal fin-ws-119, priority P2?',
    );
    expect((await chat.press(after.url, { action: 'confirm', skill: 'register-alert' })).text).toContain(
      'Registered alert 5150 as SOC-',
    );
    await after.stop();
    // Everything the store wrote is whole JSON after the stop flushed it, and holds the alert.
    const contents = await jsonDataFiles(dataDir);
    expect(contents.length).toBeGreaterThan(0);
    for (const content of contents) expect(() => JSON.parse(content)).not.toThrow();
    expect(contents.join('')).toContain('5150');
  });

  it('reports the model in /healthz and picks up a newly saved model without a restart', async () => {
    const server = await startSocbot(path.join(dir, 'data-health'));
    const health = await httpRequest(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const model = (await loadModel(modelPath)).meta;
    expect(health.json).toMatchObject({
      status: 'ok',
      model: { corpusHash: model.corpusHash, trainedAt: model.trainedAt },
    });
    expect(health.text).not.toMatch(/password|secret|MicrosoftApp/i);
    const loadedBefore = (health.json as { model: { loadedAt: string } }).model.loadedAt;

    // `socbot train` writes the file atomically; saving the same model again is a new file to the server.
    await saveModel(await loadModel(modelPath), modelPath);
    const deadline = Date.now() + 5000;
    let loadedAt = loadedBefore;
    while (loadedAt === loadedBefore && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      loadedAt = ((await httpRequest(`${server.url}/healthz`)).json as { model: { loadedAt: string } }).model
        .loadedAt;
    }
    expect(loadedAt).not.toBe(loadedBefore);
    const chat = conversationOverHttp(connector, 'conv-after-reload');
    expect((await chat.say(server.url, 'register alert 4711 on PRD')).text).toContain('From which terminal');
  });
});
