import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEchoBot } from '../../src/channels/echo-bot';
import { MemoryModelVersion } from '../../src/channels/memory-model-version';
import type { LoadedModel, ModelSource } from '../../src/channels/model-source';
import { startServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';

/** A fake model file: JSON with the version only. */
const fakeModels: ModelSource = {
  async load(file): Promise<LoadedModel> {
    const json = JSON.parse(await readFile(file, 'utf8')) as { corpusHash: string; trainedAt: string };
    return {
      ...json,
      recognizer: {
        recognize: async (text) => ({ text, intent: 'None', score: 1, alternatives: [], entities: [] }),
      },
    };
  },
  async trainAndSave() {
    throw new Error('not in this test');
  },
};

interface Health {
  model?: { corpusHash: string; replicas?: { corpusHash: string; serving: boolean } };
}

describe('/healthz with a model shared by replicas', () => {
  it('shows the replicas’ model and that this replica is behind until its file catches up', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'socbot-rollout-'));
    const modelFile = path.join(dir, 'socbot.model.json');
    await writeFile(modelFile, JSON.stringify({ corpusHash: 'old', trainedAt: '2026-12-01T00:00:00.000Z' }));
    const versions = new MemoryModelVersion();
    // Another replica already serves a model trained later.
    await versions.offer({ corpusHash: 'new', trainedAt: '2026-12-06T00:00:00.000Z' });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOCBOT_DATA_DIR: dir,
      SOCBOT_MODEL: modelFile,
      SOCBOT_CORPUS: path.join(dir, 'corpus'),
    });
    const server = await startServer(config, {
      createBot: async () => createEchoBot(),
      models: fakeModels,
      logger: createCapturedLogger().logger,
      modelVersions: () => versions,
    });
    try {
      const health = async (): Promise<Health> => (await httpRequest(`${server.url}/healthz`)).json as Health;
      let seen = await health();
      for (let i = 0; i < 50 && !seen.model?.replicas; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = await health();
      }
      expect(seen.model).toMatchObject({
        corpusHash: 'old',
        replicas: { corpusHash: 'new', serving: false },
      });
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
