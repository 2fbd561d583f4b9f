import { calibrationSplit } from '../../src/nlu/calibration-split';
import type { CorpusIntent, LabeledUtterance } from '../../src/nlu/corpus/types';

const intent = (name: string, carries?: string[]): CorpusIntent => ({
  intent: name,
  utterances: [],
  tests: [],
  file: 'corpus.json',
  ...(carries && { carries }),
});

const intents = [intent('alert', ['username']), intent('username'), intent('greeting')];
// No commas inside an utterance: a compound's clauses are then exactly its source utterances.
const examples: LabeledUtterance[] = [
  ...Array.from({ length: 20 }, (_, i) => ({ intent: 'alert', utterance: `register alert number ${i}` })),
  ...Array.from({ length: 20 }, (_, i) => ({ intent: 'username', utterance: `the user was person ${i}` })),
  ...Array.from({ length: 8 }, (_, i) => ({ intent: 'greeting', utterance: `hello there ${i}` })),
];
const sources = (compound: LabeledUtterance): string[] => compound.utterance.split(', ');

describe('calibrationSplit', () => {
  it.each([1, 2, 3, 42])(
    'composes compounds from the fitted share only, never from a held-out phrase (seed %i)',
    (seed) => {
      const { fit, heldOut, compounds } = calibrationSplit(intents, examples, 0.25, seed);
      // Both the carrying and the carried intent lose phrases to the held-out share.
      expect(heldOut.filter((e) => e.intent === 'alert')).toHaveLength(5);
      expect(heldOut.filter((e) => e.intent === 'username')).toHaveLength(5);
      const heldOutTexts = new Set(heldOut.map((e) => e.utterance));
      const fitTexts = new Set(fit.map((e) => e.utterance));
      expect(compounds.flatMap(sources).filter((source) => heldOutTexts.has(source))).toEqual([]);
      expect(compounds.flatMap(sources).every((source) => fitTexts.has(source))).toBe(true);
    },
  );

  it('still composes one compound for every fitted utterance of the carrying intent', () => {
    const { fit, compounds } = calibrationSplit(intents, examples, 0.25, 7);
    const fittedRequests = fit.filter((e) => e.intent === 'alert').map((e) => e.utterance);
    expect(compounds).toHaveLength(15);
    expect(compounds.every((c) => c.intent === 'alert')).toBe(true);
    expect(new Set(compounds.flatMap(sources).filter((s) => s.startsWith('register')))).toEqual(
      new Set(fittedRequests),
    );
  });

  it('splits every training utterance into exactly one of fit and held out', () => {
    const { fit, heldOut } = calibrationSplit(intents, examples, 0.25, 5);
    expect([...fit, ...heldOut].map((e) => e.utterance).sort()).toEqual(
      examples.map((e) => e.utterance).sort(),
    );
  });
});
