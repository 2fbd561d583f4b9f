import fs from 'node:fs';
import path from 'node:path';
import { SocbotError } from '../../errors';

export const HOW_TO_SET_CORPUS =
  'Point socbot at a corpus file or directory with `--corpus PATH` or the SOCBOT_CORPUS environment variable.';

/**
 * Lists the files a corpus path stands for: the file itself, or every `*.json` directly in the
 * directory, sorted by name so merging and hashing are deterministic. `ignore` names files of the
 * directory that sit next to the corpus but are not corpus files (corpus/mail/keywords.json).
 *
 * @example
 *   corpusFilePaths('corpus') // → ['/repo/corpus/entities.json', '/repo/corpus/soc.en.json', …]
 *   corpusFilePaths('corpus/mail', 'Corpus', HOW_TO_SET_CORPUS, ['keywords.json'])
 */
export function corpusFilePaths(
  corpusPath: string,
  what = 'Corpus',
  howToSet = HOW_TO_SET_CORPUS,
  ignore: readonly string[] = [],
): string[] {
  const absolute = path.resolve(corpusPath);
  if (!fs.existsSync(absolute)) {
    throw new SocbotError('CORPUS_NOT_FOUND', `${what} not found at ${absolute}. ${howToSet}`, {
      path: absolute,
    });
  }
  if (!fs.statSync(absolute).isDirectory()) return [absolute];
  const files = fs
    .readdirSync(absolute)
    .filter((name) => name.endsWith('.json') && !ignore.includes(name))
    .sort()
    .map((name) => path.join(absolute, name));
  if (files.length === 0) {
    throw new SocbotError(
      'CORPUS_NOT_FOUND',
      `The ${what.toLowerCase()} directory ${absolute} contains no *.json files. ${howToSet}`,
      { path: absolute },
    );
  }
  return files;
}
