import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError, type SocbotError } from '../../../src/errors';
import { heldOutSet, loadCorpus, trainingSet, type CorpusIssue } from '../../../src/nlu/corpus';

const FIXTURES = path.resolve(__dirname, '../../fixtures/corpus');
const fixture = (name: string): string => path.join(FIXTURES, name);

function loadError(corpusPath: string): SocbotError {
  try {
    loadCorpus(corpusPath);
  } catch (error) {
    if (isSocbotError(error)) return error;
    throw error;
  }
  throw new Error(`expected loadCorpus(${corpusPath}) to throw`);
}

describe('loadCorpus: finding and parsing files', () => {
  it('says which path is missing and how to set the corpus path', () => {
    const error = loadError(fixture('does-not-exist'));
    expect(error.code).toBe('CORPUS_NOT_FOUND');
    expect(error.message).toContain(fixture('does-not-exist'));
    expect(error.message).toContain('--corpus PATH');
    expect(error.message).toContain('SOCBOT_CORPUS');
  });

  it('rejects a directory without json files', () => {
    const error = loadError(fixture('empty-dir'));
    expect(error.code).toBe('CORPUS_NOT_FOUND');
    expect(error.message).toContain('contains no *.json files');
  });

  it('names the file, line and column of a JSON syntax error', () => {
    // A .txt fixture: prettier cannot parse broken JSON, and the loader takes any file path.
    const file = fixture('invalid/broken-json.txt');
    const error = loadError(file);
    expect(error.code).toBe('CORPUS_INVALID_JSON');
    expect(error.message).toContain(`${file}:6:5`);
    expect(error.details).toMatchObject({ file, line: 6, column: 5 });
  });

  it('points at a trailing comma itself, inside the file, and says to remove it', () => {
    // Node 20's JSON.parse gives no position for this error; the old fallback pointed past the end.
    const file = fixture('invalid/trailing-comma.txt');
    const error = loadError(file);
    expect(error.code).toBe('CORPUS_INVALID_JSON');
    expect(error.message).toContain(`${file}:5:79 is not valid JSON`);
    expect(error.message).toContain('remove the comma after the last item');
    expect(error.details).toMatchObject({ file, line: 5, column: 79 });
  });

  it('reports a wrong shape with the intent it is in', () => {
    const error = loadError(fixture('invalid/wrong-shape.json'));
    expect(error.code).toBe('CORPUS_INVALID');
    expect(error.message).toContain('wrong-shape.json, intent "alert": data.0.utterances');
  });

  it('requires a locale next to data', () => {
    const error = loadError(fixture('invalid/locale-missing.json'));
    expect(error.code).toBe('CORPUS_INVALID');
    expect(error.message).toContain('"locale": "en-US"');
  });
});

describe('loadCorpus: a directory', () => {
  const corpus = loadCorpus(fixture('merged'));

  it('reads every json file sorted by name, entities-only files included', () => {
    expect(corpus.files.map((file) => path.basename(file))).toEqual(['a-soc.json', 'b-more.json', 'entities.json']);
    expect(corpus.locale).toBe('en-US');
    expect(corpus.name).toBe('fixture soc + fixture more');
    expect(corpus.warnings).toEqual([]);
  });

  it('merges intents of the same name across files, first file wins the location', () => {
    const alert = corpus.intents.find((intent) => intent.intent === 'alert');
    expect(alert).toEqual({
      intent: 'alert',
      utterances: ['register alert 4711', 'new @priority alert on PRD', 'ETD raised an alert'],
      tests: ['please log alert 99 for me'],
      file: fixture('merged/a-soc.json'),
    });
    expect(corpus.intents.map((intent) => intent.intent)).toEqual(['alert', 'None', 'greeting']);
    expect(corpus.entities.priority?.options?.P1).toEqual(['p1', 'critical']);
    expect(corpus.entities.system?.regex).toEqual(['/\\b[A-Z][A-Z0-9]{2}\\b/g']);
  });

  it('splits training and held-out phrases; None may hold only tests', () => {
    expect(trainingSet(corpus)).toHaveLength(5);
    expect(trainingSet(corpus)).toContainEqual({ utterance: 'hi there', intent: 'greeting' });
    expect(heldOutSet(corpus)).toEqual([
      { utterance: 'please log alert 99 for me', intent: 'alert' },
      { utterance: 'what is the weather like', intent: 'None' },
      { utterance: 'good morning socbot', intent: 'greeting' },
    ]);
  });

  it('hashes the content, not where it lives nor its key order', () => {
    expect(corpus.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loadCorpus(fixture('merged')).hash).toBe(corpus.hash);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-corpus-'));
    try {
      for (const file of corpus.files) {
        const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        const reordered = Object.fromEntries(Object.entries(json).reverse());
        fs.writeFileSync(path.join(copy, path.basename(file)), JSON.stringify(reordered));
      }
      expect(loadCorpus(copy).hash).toBe(corpus.hash);
      fs.writeFileSync(
        path.join(copy, 'b-more.json'),
        JSON.stringify({ name: 'fixture more', locale: 'en-US', data: [{ intent: 'greeting', utterances: ['hey'] }] }),
      );
      expect(loadCorpus(copy).hash).not.toBe(corpus.hash);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('loadCorpus: strict and lenient', () => {
  it('throws CORPUS_INVALID with every issue in the message and in details.issues', () => {
    const error = loadError(fixture('invalid/duplicate-in-intent.json'));
    expect(error.code).toBe('CORPUS_INVALID');
    const issues = error.details.issues as CorpusIssue[];
    expect(issues).toHaveLength(1);
    expect(error.message).toContain('duplicate-in-intent.json, intent "bye", utterance "See You "');
  });

  it('returns the issues as warnings with strict: false, and keeps the data', () => {
    const corpus = loadCorpus(fixture('invalid/duplicate-in-intent.json'), { strict: false });
    expect(corpus.warnings).toHaveLength(1);
    expect(corpus.intents[0]?.utterances).toEqual(['see you', 'bye bye', 'See You ']);
  });

  it('drops malformed phrases from a lenient load after reporting them', () => {
    const corpus = loadCorpus(fixture('invalid/malformed-utterances.json'), { strict: false });
    expect(corpus.intents[0]?.utterances).toEqual(['register alert 4711']);
    expect(corpus.intents[0]?.tests).toEqual([]);
    expect(corpus.warnings).toHaveLength(3);
  });
});
