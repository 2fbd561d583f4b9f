import fs from 'node:fs';
import path from 'node:path';
import { isSocbotError } from '../../../src/errors';
import { loadCorpus, loadTestSet } from '../../../src/nlu/corpus';

const FIXTURES = path.resolve(__dirname, '../../fixtures/corpus');
// The public benchmark corpora live outside the repo (licences differ); SOCBOT_BENCH_DATA moves them.
// CI clones the repo with shared/ beside it, so resolve from the repo root, not an absolute path.
const BENCH_DATA = process.env.SOCBOT_BENCH_DATA ?? path.resolve(__dirname, '../../../../shared/bench-data');

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

// The shared benchmark corpora are public research data with duplicates: they must load leniently.
const benchFiles = fs.existsSync(BENCH_DATA)
  ? fs.readdirSync(BENCH_DATA).filter((name) => name.endsWith('.json'))
  : [];

describe('public benchmark corpora', () => {
  it(`are present in ${BENCH_DATA} (set SOCBOT_BENCH_DATA if they live elsewhere)`, () => {
    expect(benchFiles.length).toBeGreaterThanOrEqual(15);
  });

  it.each(benchFiles)('%s loads with strict: false and as a test set', (name) => {
    const file = path.join(BENCH_DATA, name);
    const corpus = loadCorpus(file, { strict: false });
    expect(corpus.intents.length).toBeGreaterThan(0);
    expect(corpus.locale).toMatch(/^en/);
    const phrases = corpus.intents.reduce((sum, intent) => sum + intent.utterances.length, 0);
    expect(phrases).toBeGreaterThan(0);
    expect(loadTestSet(file)).toHaveLength(phrases);
  });
});
