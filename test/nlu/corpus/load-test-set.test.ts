import fs from 'node:fs';
import path from 'node:path';
import { isSocbotError } from '../../../src/errors';
import { loadCorpus, loadTestSet } from '../../../src/nlu/corpus';

const FIXTURES = path.resolve(__dirname, '../../fixtures/corpus');
// Small samples of the public benchmark corpora, with their licences (see the README there): the
// test must pass on a fresh clone alone, so it never reads the full corpora that bench/ uses.
const BENCH_SAMPLES = path.resolve(__dirname, '../../fixtures/bench-data');

describe('loadTestSet', () => {
  it('takes both utterances and tests as test phrases; None is out of scope', () => {
    expect(loadTestSet(path.join(FIXTURES, 'test-set.json'))).toEqual([
      { utterance: 'open an alert for 4711', intent: 'alert' },
      { utterance: 'ETD fired alert 12', intent: 'alert' },
      { utterance: 'order pizza', intent: 'None' },
    ]);
  });

  it('fails with TEST_SET_INVALID naming the file and position of a JSON error', () => {
    const file = path.join(FIXTURES, 'invalid/broken-json.txt');
    expect(() => loadTestSet(file)).toThrow(expect.objectContaining({ code: 'TEST_SET_INVALID' }));
    expect(() => loadTestSet(file)).toThrow(`${file}:6:5`);
  });

  it('fails with TEST_SET_INVALID on a malformed phrase', () => {
    expect(() => loadTestSet(path.join(FIXTURES, 'invalid/malformed-utterances.json'))).toThrow(
      expect.objectContaining({ code: 'TEST_SET_INVALID', message: expect.stringContaining('"42"') }),
    );
  });

  it('says a missing test set is missing, without pointing at --corpus', () => {
    try {
      loadTestSet(path.join(FIXTURES, 'nope.json'));
      throw new Error('expected a throw');
    } catch (error) {
      expect(isSocbotError(error, 'CORPUS_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toMatch(/^Test set not found at .*nope\.json/);
      expect((error as Error).message).not.toContain('--corpus');
    }
  });
});

// The public benchmark corpora are research data with duplicates: they must load leniently.
const benchSamples = fs.readdirSync(BENCH_SAMPLES).filter((name) => name.endsWith('.json'));

describe('public benchmark corpora (committed samples)', () => {
  it('cover every corpus family bench/ measures', () => {
    const families = benchSamples.map((name) => name.replace(/-.*|\..*/, '')).sort();
    expect([...new Set(families)]).toEqual(['banking77', 'braun', 'clinc150', 'hwu64', 'snips']);
  });

  it.each(benchSamples)('%s loads with strict: false and as a test set', (name) => {
    const file = path.join(BENCH_SAMPLES, name);
    const corpus = loadCorpus(file, { strict: false });
    expect(corpus.intents.length).toBeGreaterThan(1);
    expect(corpus.locale).toMatch(/^en/);
    const phrases = corpus.intents.reduce((sum, intent) => sum + intent.utterances.length, 0);
    expect(phrases).toBeGreaterThan(0);
    expect(loadTestSet(file)).toHaveLength(phrases);
  });

  it.each(['snips.sample.json', 'hwu64.sample.json', 'banking77.sample.json', 'braun-chatbot.sample.json'])(
    '%s keeps what only a lenient load accepts (a strict load rejects it)',
    (name) => {
      expect(() => loadCorpus(path.join(BENCH_SAMPLES, name))).toThrow(
        expect.objectContaining({ code: 'CORPUS_INVALID' }),
      );
    },
  );

  it('keeps out-of-scope phrases as None', () => {
    const tests = loadTestSet(path.join(BENCH_SAMPLES, 'clinc150.sample.json'));
    expect(tests.filter((test) => test.intent === 'None').length).toBeGreaterThan(0);
  });
});
