import { SocbotError } from '../../errors';
import type { CorpusIssue, LabeledUtterance } from './types';
import { readCorpusFile } from './corpus-file';
import { corpusFilePaths } from './corpus-file-paths';
import { formatIssues } from './corpus-issues';
import { malformedPhraseProblem } from './validate-corpus';

const TEST_SET_CODES = { invalidJson: 'TEST_SET_INVALID', invalid: 'TEST_SET_INVALID' } as const;

/**
 * Loads a standalone test set in NLP.js corpus format (a file, or a directory of `*.json`), such
 * as ../shared/bench-data/snips.test.json. Both `utterances` and `tests` are test phrases;
 * intent `None` marks out-of-scope phrases. Throws CORPUS_NOT_FOUND or TEST_SET_INVALID (file,
 * line and column of a JSON error; every malformed phrase).
 *
 * @example
 *   const tests = loadTestSet('../shared/bench-data/snips.test.json');
 *   tests[0] // → { utterance: "I'd like to have this track onto my …", intent: 'AddToPlaylist' }
 */
export function loadTestSet(testSetPath: string): LabeledUtterance[] {
  const files = corpusFilePaths(
    testSetPath,
    'Test set',
    'Pass the path of an existing NLP.js-format JSON file (or a directory of them).',
  );
  const result: LabeledUtterance[] = [];
  const issues: CorpusIssue[] = [];
  for (const file of files) {
    for (const intent of readCorpusFile(file, TEST_SET_CODES).intents) {
      for (const phrase of [...intent.utterances, ...intent.tests]) {
        const problem = malformedPhraseProblem(phrase);
        if (problem === undefined) {
          result.push({ utterance: phrase as string, intent: intent.intent });
        } else {
          issues.push({ file, intent: intent.intent, utterance: JSON.stringify(phrase), message: problem });
        }
      }
    }
  }
  if (issues.length > 0) {
    throw new SocbotError(
      'TEST_SET_INVALID',
      formatIssues(`The test set at ${testSetPath} has malformed phrases; fix or remove them`, issues),
      { issues },
    );
  }
  return result;
}
