import fs from 'node:fs';
import path from 'node:path';
import { SocbotError } from '../../errors';

const HOW_TO_SET_CORPUS =
  'Point socbot at a corpus file or directory with `--corpus PATH` or the SOCBOT_CORPUS environment variable.';

/**
 * Lists the files a corpus path stands for: the file itself, or every `*.json` directly in the
 * directory, sorted by name so merging and hashing are deterministic.
 *
 * @example
 *   corpusFilePaths('corpus') // → ['/repo/corpus/entities.json', '/repo/corpus/soc.en.json', …]
 */
export function corpusFilePaths(corpusPath: string, what = 'Corpus', howToSet = HOW_TO_SET_CORPUS): string[] {
  const absolute = path.resolve(corpusPath);
  if (!fs.existsSync(absolute)) {
    throw new SocbotError('CORPUS_NOT_FOUND', `${what} not found at ${absolute}. ${howToSet}`, {
      path: absolute,
    });
  }
  if (!fs.statSync(absolute).isDirectory()) return [absolute];
  const files = fs
    .readdirSync(absolute)
    .filter((name) => name.endsWith('.json'))
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
