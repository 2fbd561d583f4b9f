import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadedModel, ModelSource } from '../../src/channels/model-source';
import { openRecognizer } from '../../src/channels/open-recognizer';
import { ReloadingRecognizer } from '../../src/channels/reloading-recognizer';
import { SocbotError } from '../../src/errors';
import { createCapturedLogger } from '../helpers/captured-logger';

/** A fake model file: JSON naming the intent every utterance gets. */
const fakeModels: ModelSource = {
  async load(file): Promise<LoadedModel> {
    let json: { intent: string; corpusHash: string; trainedAt: string };
    try {
      json = JSON.parse(await readFile(file, 'utf8')) as typeof json;
    } catch (error) {
      throw new SocbotError('MODEL_INVALID', `${file} is not a model`, {}, { cause: error });
    }
    return {
      corpusHash: json.corpusHash,
      trainedAt: json.trainedAt,
      recognizer: {
        recognize: async (text) => ({ text, intent: json.intent, score: 1, alternatives: [], entities: [] }),
        // A model named "unexplained…" stands for a recognizer without weights to show.
        ...(!json.intent.startsWith('unexplained') && {
          explain: async (text: string) => ({
            text,
            intent: json.intent,
            score: 1,
            threshold: 0.5,
            decided: true,
            forIntent: [],
            forRunnerUp: [],
            networkShare: 0,
          }),
        }),
      },
    };
  },
  async trainAndSave(_corpusPath, file) {
    await writeModel(file, 'trained', 'from-corpus');
  },
};

async function writeModel(file: string, intent: string, corpusHash: string): Promise<void> {
  // Written next to the file and renamed over it, as saveModel does.
  const temp = `${file}.tmp`;
  await writeFile(temp, JSON.stringify({ intent, corpusHash, trainedAt: new Date().toISOString() }));
  await rename(temp, file);
}

/** Polls (bounded) until `check` holds. */
async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ReloadingRecognizer', () => {
  let dir: string;
  let file: string;
  const opened: ReloadingRecognizer[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-reload-'));
    file = path.join(dir, 'socbot.model.json');
  });
  afterEach(async () => {
    for (const recognizer of opened.splice(0)) recognizer.close();
    await rm(dir, { recursive: true, force: true });
  });

  const open = async (logger = createCapturedLogger().logger): Promise<ReloadingRecognizer> => {
    const recognizer = await ReloadingRecognizer.open({ file, models: fakeModels, logger, debounceMs: 30 });
    opened.push(recognizer);
    return recognizer;
  };

  it('swaps in a newly written model without a restart', async () => {
    await writeModel(file, 'first', 'hash-1');
    const recognizer = await open();
    expect((await recognizer.recognize('hello')).intent).toBe('first');
    await writeModel(file, 'second', 'hash-2');
    await eventually(async () => (await recognizer.recognize('hello')).intent === 'second');
    expect(recognizer.modelInfo.corpusHash).toBe('hash-2');
  });

  it('explains with the model in service, the one that answers recognize, also after a reload', async () => {
    await writeModel(file, 'first', 'hash-1');
    const recognizer = await open();
    expect((await recognizer.explain('hello')).intent).toBe('first');
    await writeModel(file, 'second', 'hash-2');
    await recognizer.reload();
    expect((await recognizer.recognize('hello')).intent).toBe('second');
    expect((await recognizer.explain('hello')).intent).toBe('second');
    await writeModel(file, 'unexplained', 'hash-3');
    await recognizer.reload();
    await expect(recognizer.explain('hello')).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });

  it('keeps the old model when the new file is corrupt, and logs it', async () => {
    await writeModel(file, 'good', 'hash-good');
    const log = createCapturedLogger();
    const recognizer = await open(log.logger);
    await writeFile(file, '{ this is not a model');
    await eventually(() => log.lines().some((line) => line.msg?.toString().includes('rejected')));
    expect((await recognizer.recognize('hello')).intent).toBe('good');
    expect(recognizer.modelInfo.corpusHash).toBe('hash-good');
    // A good file after the bad one is picked up again.
    await writeModel(file, 'fixed', 'hash-fixed');
    await eventually(() => recognizer.modelInfo.corpusHash === 'hash-fixed');
  });

  it('does not reload an unchanged file, and reload() reports what it did', async () => {
    await writeModel(file, 'same', 'hash-same');
    const recognizer = await open();
    expect(await recognizer.reload()).toBe(false);
    await writeModel(file, 'next', 'hash-next');
    await recognizer.reload();
    expect(recognizer.modelInfo.corpusHash).toBe('hash-next');
    expect(await recognizer.reload()).toBe(false);
  });

  it('refuses to open a file that is not a model', async () => {
    await writeFile(file, 'garbage');
    await expect(open()).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });

  it('trains and saves a model when there is none, and says so in the log', async () => {
    const log = createCapturedLogger();
    const recognizer = await openRecognizer({
      modelPath: path.join(dir, 'models', 'new.model.json'),
      corpusPath: path.join(dir, 'corpus'),
      models: fakeModels,
      logger: log.logger,
    });
    opened.push(recognizer);
    expect((await recognizer.recognize('x')).intent).toBe('trained');
    expect(log.lines().map((line) => line.msg)).toContain('no model file yet: training one from the corpus');
  });
});
