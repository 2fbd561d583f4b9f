import { compoundExamples } from '../../src/nlu/compound-examples';
import type { CorpusIntent } from '../../src/nlu/corpus/types';

const intent = (name: string, carries?: string[]): CorpusIntent => ({
  intent: name,
  utterances: [],
  tests: [],
  file: 'corpus.json',
  ...(carries && { carries }),
});

const examples = [
  { intent: 'alert', utterance: 'register alert @alertId .' },
  { intent: 'alert', utterance: 'log this alert' },
  { intent: 'username', utterance: 'the user was @username' },
  { intent: 'initiator', utterance: 'it came from terminal @terminal' },
  { intent: 'greeting', utterance: 'hello' },
];

describe('compoundExamples', () => {
  it('joins each utterance of a carrying intent with a carried statement, both orders, labelled with the carrier', () => {
    const compounds = compoundExamples(
      [intent('alert', ['username', 'initiator']), intent('username')],
      examples,
      7,
    );
    expect(compounds).toHaveLength(2);
    expect(compounds.every((c) => c.intent === 'alert')).toBe(true);
    expect(compounds[0]?.utterance).toMatch(
      /^register alert @alertId, (the user was @username|it came from terminal @terminal)$/,
    );
    expect(compounds[1]?.utterance).toMatch(
      /^(the user was @username|it came from terminal @terminal), log this alert$/,
    );
  });

  it('never takes a statement of an intent that is not carried', () => {
    const compounds = compoundExamples([intent('alert', ['username'])], examples, 3);
    expect(compounds.map((c) => c.utterance)).toEqual([
      'register alert @alertId, the user was @username',
      'the user was @username, log this alert',
    ]);
  });

  it('adds nothing without carries, and is the same for the same seed', () => {
    expect(compoundExamples([intent('alert'), intent('username')], examples, 7)).toEqual([]);
    const intents = [intent('alert', ['username', 'initiator'])];
    expect(compoundExamples(intents, examples, 11)).toEqual(compoundExamples(intents, examples, 11));
  });
});
