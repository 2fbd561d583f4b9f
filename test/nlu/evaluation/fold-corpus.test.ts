import type { Corpus } from '../../../src/nlu/corpus/types';
import { foldCorpus } from '../../../src/nlu/evaluation/fold-corpus';

describe('foldCorpus', () => {
  const base: Corpus = {
    name: 'soc',
    locale: 'en',
    intents: [
      { intent: 'alert', utterances: ['x', 'y'], tests: ['t'], file: 'soc.en.json', carries: ['username'] },
      { intent: 'None', utterances: ['z'], tests: [], file: 'none.en.json' },
    ],
    entities: { system: { regex: ['/\\b[A-Z]{3}\\b/'] } },
    files: ['soc.en.json', 'none.en.json'],
    hash: 'abc',
  };

  it('keeps only the given training utterances and carries, no held-out tests, and marks the hash', () => {
    const corpus = foldCorpus(
      base,
      [
        { intent: 'alert', utterance: 'y' },
        { intent: 'None', utterance: 'z' },
      ],
      'fold 1/2',
    );
    expect(corpus.intents).toEqual([
      { intent: 'alert', utterances: ['y'], tests: [], file: 'soc.en.json', carries: ['username'] },
      { intent: 'None', utterances: ['z'], tests: [], file: 'none.en.json' },
    ]);
    expect(corpus.entities).toBe(base.entities);
    expect(corpus.hash).not.toBe(base.hash);
    expect(base.intents[0]?.utterances).toEqual(['x', 'y']);
  });
});
