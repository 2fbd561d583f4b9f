import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../src/nlu/corpus';
import { loadModel, saveModel } from '../../src/nlu/model-file';
import type { NluModel } from '../../src/nlu/nlu-model';
import { trainModel } from '../../src/nlu/train-model';

const FIXTURE = path.resolve(__dirname, '../../corpus');

describe('model file', () => {
  let dir: string;
  let model: NluModel;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-model-'));
    model = await trainModel(loadCorpus(FIXTURE));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips: a loaded model answers exactly like the trained one', async () => {
    const file = path.join(dir, 'nested', 'socbot.model.json');
    await saveModel(model, file);
    const loaded = await loadModel(file);
    expect(loaded.meta).toEqual(model.meta);
    for (const text of ['alert 4711 on PRD', 'the user is DDIC', 'what is the weather', 'cancel that']) {
      expect(await loaded.recognize(text)).toEqual(await model.recognize(text));
    }
    expect(fs.readdirSync(path.dirname(file))).toEqual(['socbot.model.json']);
  });

  it('says how to create a model when there is none', async () => {
    const missing = path.join(dir, 'missing.json');
    await expect(loadModel(missing)).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining('socbot train'),
    });
  });

  it.each([
    ['damaged JSON', '{"meta": {'],
    ['another JSON document', '{"hello": "world"}'],
    ['an empty file', ''],
  ])('rejects %s as MODEL_INVALID and says to retrain', async (_name, content) => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, content);
    await expect(loadModel(file)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('socbot train'),
    });
  });

  it('rejects a model of another format version', async () => {
    const file = path.join(dir, 'old.json');
    const json = model.toJSON();
    fs.writeFileSync(file, JSON.stringify({ ...json, meta: { ...json.meta, formatVersion: 999 } }));
    await expect(loadModel(file)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('format version 999'),
    });
  });

  it('rejects weights that do not fit the vocabulary', async () => {
    const file = path.join(dir, 'cut.json');
    const json = model.toJSON();
    const linear = { ...json.classifier.linear, weights: json.classifier.linear.weights.slice(0, 400) };
    fs.writeFileSync(file, JSON.stringify({ ...json, classifier: { ...json.classifier, linear } }));
    await expect(loadModel(file)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});
