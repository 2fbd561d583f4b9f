import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fakeNlu } from '../cli/fake-nlu';
import { runCli } from '../cli/run-cli';

const CORPUS = path.join(__dirname, '..', '..', 'corpus');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function healthy(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** `socbot serve` readies the model once: the server takes it over instead of parsing the file again. */
describe('socbot serve start-up', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-serve-model-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the model file once, then reloads it from disk on SIGHUP', async () => {
    const nlu = fakeNlu();
    const loaded: string[] = [];
    const loadModel = nlu.loadModel;
    nlu.loadModel = (file) => {
      loaded.push(file);
      return loadModel(file);
    };
    const modelPath = path.join(dir, 'model.json');
    // Trained first, so serve finds a current model and only loads it.
    await nlu.saveModel(await nlu.trainModel(nlu.loadCorpus(CORPUS, { strict: true })), modelPath);
    const port = await freePort();
    const run = runCli(['serve'], {
      nlu,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        SOCBOT_CORPUS: CORPUS,
        SOCBOT_MODEL: modelPath,
        SOCBOT_DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'silent',
      },
    });
    try {
      expect(await healthy(`http://127.0.0.1:${port}/healthz`)).toBe(true);
      expect(loaded).toEqual([modelPath]);
      // `socbot train` next to the server: a new file, read from disk on SIGHUP.
      await rm(modelPath);
      await nlu.saveModel(await nlu.trainModel(nlu.loadCorpus(CORPUS, { strict: true })), modelPath);
      process.emit('SIGHUP');
      for (let attempt = 0; attempt < 100 && loaded.length < 2; attempt += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(loaded).toEqual([modelPath, modelPath]);
    } finally {
      // The server stops whatever was asserted, so a failure is reported instead of hanging the run.
      process.emit('SIGTERM');
    }
    const { code, stderr } = await run;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
