import path from 'node:path';
import { loadCorpus } from '../../src/nlu/corpus';
import type { NluModel } from '../../src/nlu/nlu-model';
import { trainModel } from '../../src/nlu/train-model';

const MAIL_CORPUS = path.join(__dirname, '../fixtures/mail-corpus');

describe('NluModel.rank', () => {
  let model: NluModel;
  beforeAll(async () => {
    model = await trainModel(loadCorpus(MAIL_CORPUS, { ignoreFiles: ['keywords.json'] }));
  });

  it('gives every class, None included, best first, as probabilities', async () => {
    const ranked = await model.rank('my company phone was stolen at the station');
    expect(ranked.map((r) => r.intent).sort()).toEqual(['None', 'enrichment', 'lost-device', 'phishing']);
    expect(ranked[0]?.intent).toBe('lost-device');
    for (const [i, r] of ranked.entries()) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(r.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
    }
    expect((await model.rank('Out of office until Monday'))[0]?.intent).toBe('None');
  });

  it('agrees with recognize on the best in-scope score (same masking, same text bound)', async () => {
    const text = `is 45.155.205[.]233 known, its reputation? ${'x '.repeat(1500)}`;
    const recognition = await model.recognize(text);
    const bestInScope = (await model.rank(text)).find((r) => r.intent !== 'None');
    expect(bestInScope?.score).toBe(recognition.score);
  });
});
