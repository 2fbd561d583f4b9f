import path from 'node:path';
import { loadCorpus, validateCorpus, type Corpus, type CorpusIssue } from '../../../src/nlu/corpus';
import { describeIssue } from '../../../src/nlu/corpus';

const FIXTURES = path.resolve(__dirname, '../../fixtures/corpus/invalid');

function issuesOf(name: string): { file: string; issues: CorpusIssue[]; messages: string[] } {
  const file = path.join(FIXTURES, name);
  const issues = loadCorpus(file, { strict: false }).warnings ?? [];
  return { file, issues, messages: issues.map(describeIssue) };
}

describe('validateCorpus names file, intent and utterance of each problem', () => {
  it('malformed phrases: whitespace, non-string, empty test', () => {
    const { file, issues, messages } = issuesOf('malformed-utterances.json');
    expect(issues.every((issue) => issue.file === file && issue.intent === 'alert')).toBe(true);
    expect(messages).toEqual([
      expect.stringContaining('intent "alert", utterance "   ": utterances[1] is empty or only whitespace'),
      expect.stringContaining('intent "alert", utterance "42": utterances[2] is not a string (got number)'),
      expect.stringContaining('intent "alert", utterance "": tests[0] is empty or only whitespace'),
    ]);
  });

  it('the same phrase under two intents, case and spacing ignored', () => {
    const { file, issues } = issuesOf('two-intents.json');
    expect(issues).toEqual([
      {
        file,
        intent: 'system',
        utterance: 'alert  4711 on prd',
        message: expect.stringContaining('is also in the utterances of intent "alert"'),
      },
    ]);
  });

  it('"carries" naming an unknown intent, the intent itself or None', () => {
    const { file, issues } = issuesOf('bad-carries.json');
    expect(issues).toEqual(
      ['usernme", which is not an intent', 'alert", which is this intent itself', 'None", which is out of scope'].map(
        (text) => ({ file, intent: 'alert', message: expect.stringContaining(`"carries" names "${text}`) }),
      ),
    );
  });

  it('a duplicate within one intent', () => {
    const { issues } = issuesOf('duplicate-in-intent.json');
    expect(issues).toEqual([
      expect.objectContaining({ intent: 'bye', utterance: 'See You ', message: expect.stringContaining('more than once') }),
    ]);
  });

  it('an intent without training utterances, but not None with tests only', () => {
    const { file, issues } = issuesOf('no-training.json');
    expect(issues).toEqual([
      { file, intent: 'status', message: expect.stringContaining('has no training utterances') },
    ]);
  });

  it('unknown entities: an unknown definition, an unknown placeholder, a known but undefined one; not e-mails', () => {
    const { file, issues, messages } = issuesOf('unknown-entity.json');
    expect(issues).toHaveLength(3);
    expect(issues.every((issue) => issue.file === file)).toBe(true);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('entity definition "planet" is not an entity type socbot knows'),
        expect.stringContaining('intent "alert", utterance "alert on @planet": entity placeholder @planet is not'),
        expect.stringContaining('utterance "alert from @terminal": entity placeholder @terminal is not defined'),
      ]),
    );
  });

  it('invalid regexes: does not compile, not in slash form, matches the empty string, captures', () => {
    const { messages } = issuesOf('bad-regex.json');
    expect(messages).toEqual([
      expect.stringContaining('entity "system": regex /[A-Z{3/g does not compile'),
      expect.stringContaining('entity "system": regex [A-Z]{3} is not in /pattern/flags form'),
      expect.stringContaining('entity "system": regex /x*/g can match an empty string'),
      expect.stringContaining('entity "system": regex /(PC)-\\d+/g has a capturing group'),
    ]);
  });

  it('priority options that are not P1..P5', () => {
    const { messages } = issuesOf('bad-priority.json');
    expect(messages).toEqual([
      expect.stringContaining('bad-priority.json: entity "priority", option "urgent": priority options are'),
    ]);
  });

  it('a held-out test that is also a training phrase of any intent', () => {
    const { file, issues } = issuesOf('test-is-trained.json');
    expect(issues).toEqual([
      {
        file,
        intent: 'thanks',
        utterance: 'Hello  There',
        message: expect.stringContaining('also a training utterance of intent "greeting"'),
      },
    ]);
  });

  it('checks corpora built in code, including values that are not strings at run time', () => {
    const corpus: Corpus = {
      name: 'in code',
      locale: 'en-US',
      intents: [{ intent: 'alert', utterances: ['alert 1', null as unknown as string], tests: [], file: 'code' }],
      entities: {},
      files: ['code'],
      hash: '',
    };
    expect(validateCorpus(corpus)).toEqual([
      expect.objectContaining({ file: 'code', intent: 'alert', utterance: 'null' }),
    ]);
  });

  it('the locale must be the same in every file of a directory', () => {
    const corpus = loadCorpus(path.resolve(__dirname, '../../fixtures/corpus/mixed-locale'), { strict: false });
    expect(corpus.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('has locale "de-DE" but') }),
    ]);
  });
});
