import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMailClassifier } from '../../../src/mail/classification/create-mail-classifier';
import { loadMailCorpus } from '../../../src/mail/classification/mail-corpus';
import { readyMailModel, type MailModelEvent } from '../../../src/mail/classification/ready-mail-model';
import { loadModel } from '../../../src/nlu/model-file';

const FIXTURE = path.join(__dirname, '../../fixtures/mail-corpus');

describe('readyMailModel', () => {
  let dir: string;
  let corpusPath: string;
  let modelPath: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-mail-model-'));
    corpusPath = path.join(dir, 'corpus');
    fs.cpSync(FIXTURE, corpusPath, { recursive: true });
    modelPath = path.join(dir, 'models', 'mail.model.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function ready(): Promise<{ events: MailModelEvent[]; hash: string }> {
    const events: MailModelEvent[] = [];
    const model = await readyMailModel({
      corpus: loadMailCorpus(corpusPath),
      corpusPath,
      modelPath,
      report: (event) => events.push(event),
    });
    return { events, hash: model.meta.corpusHash };
  }

  it('trains and saves a missing model, then loads it without training', async () => {
    const first = await ready();
    expect(first.events.map((e) => e.kind)).toEqual(['missing', 'saved']);
    expect(first.events[0]?.line).toBe(
      `No mail model at ${modelPath}: training one from the mail corpus at ${corpusPath}…`,
    );
    expect((await loadModel(modelPath)).meta.corpusHash).toBe(loadMailCorpus(corpusPath).hash);

    const mtime = fs.statSync(modelPath).mtimeMs;
    const second = await ready();
    expect(second.events).toEqual([]);
    expect(fs.statSync(modelPath).mtimeMs).toBe(mtime);
  });

  it('retrains a model trained on another version of the corpus', async () => {
    const before = await ready();
    const file = path.join(corpusPath, 'mail.en.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { data: Array<{ utterances: string[] }> };
    json.data[0]?.utterances.push('Subject: new lure — a fake parcel notice asks for my card number');
    fs.writeFileSync(file, JSON.stringify(json));

    const after = await ready();
    expect(after.events.map((e) => e.kind)).toEqual(['stale', 'saved']);
    expect(after.events[0]?.line).toMatch(
      /was trained on another version of the mail corpus .*: retraining it…$/,
    );
    expect(after.hash).not.toBe(before.hash);
    expect((await loadModel(modelPath)).meta.corpusHash).toBe(after.hash);
  });

  it('retrains over a damaged model file', async () => {
    fs.mkdirSync(path.dirname(modelPath), { recursive: true });
    fs.writeFileSync(modelPath, '{"half a model');
    expect((await ready()).events.map((e) => e.kind)).toEqual(['invalid', 'saved']);
    await expect(loadModel(modelPath)).resolves.toBeDefined();
  });

  it('createMailClassifier checks the keyword rules before training anything', async () => {
    fs.writeFileSync(
      path.join(corpusPath, 'keywords.json'),
      JSON.stringify({ rules: [{ category: 'spam', keywords: ['spam'] }] }),
    );
    const events: MailModelEvent[] = [];
    await expect(
      createMailClassifier({ corpusPath, modelPath, threshold: 0.8 }, (event) => events.push(event)),
    ).rejects.toMatchObject({ code: 'MAIL_KEYWORDS_INVALID' });
    expect(events).toEqual([]);
    expect(fs.existsSync(modelPath)).toBe(false);
  });
});
