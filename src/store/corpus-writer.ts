import { readFile, rename, writeFile } from 'node:fs/promises';
import { SocbotError } from '../errors';
import { loadCorpus } from '../nlu/corpus';
import { utteranceKey } from '../nlu/corpus/utterance-key';

/** The part of a corpus file this writer changes; everything else is written back as read. */
interface CorpusFileJson {
  data: { intent: string; utterances?: string[] }[];
}

/** Where a labelled utterance went. */
export interface AppendResult {
  file: string;
  intent: string;
  /** False when the intent already had this utterance (nothing written). */
  added: boolean;
}

/** Files of a corpus directory that are not corpus files (the mail corpus's keywords.json). */
export interface CorpusFilesOptions {
  readonly ignoreFiles?: readonly string[];
}

/**
 * Adds a training utterance to the corpus file that holds `intent` (the first such file by name
 * when a corpus directory splits an intent), written back pretty-printed through a temp file and a
 * rename, so the corpus is never left half-written. Refuses (USAGE) an unknown intent, listing
 * the known ones, and an utterance another intent already has, which the corpus validator would
 * reject at the next `socbot train`.
 *
 * @example
 *   await appendTrainingUtterance('corpus', 'inform', 'lock that guy out');
 *   // → { file: '/…/corpus/soc.en.json', intent: 'inform', added: true }
 */
export async function appendTrainingUtterance(
  corpusPath: string,
  intent: string,
  utterance: string,
  options: CorpusFilesOptions = {},
): Promise<AppendResult> {
  // Lenient: labelling must work even while the corpus has an issue someone is fixing.
  const corpus = loadCorpus(corpusPath, { strict: false, ...options });
  const key = utteranceKey(utterance);
  const owner = corpus.intents.find(
    (candidate) =>
      candidate.intent !== intent &&
      [...candidate.utterances, ...candidate.tests].some((u) => utteranceKey(u) === key),
  );
  if (owner) {
    throw new SocbotError(
      'USAGE',
      `"${utterance}" is already an utterance of intent "${owner.intent}" in the corpus. One phrase belongs to one intent: remove it there first, or label it "${owner.intent}".`,
      { intent: owner.intent },
    );
  }
  const target = corpus.intents.find((candidate) => candidate.intent === intent);
  if (!target) {
    const known = corpus.intents.map((candidate) => candidate.intent).sort();
    throw new SocbotError(
      'USAGE',
      `The corpus at ${corpusPath} has no intent "${intent}". Use one of: ${known.join(', ')} (or add the intent to a corpus file first).`,
      { intent, known },
    );
  }
  if (target.utterances.some((existing) => utteranceKey(existing) === key)) {
    return { file: target.file, intent, added: false };
  }
  // loadCorpus checked the file's shape; its `file` is the first file that lists the intent.
  const json = JSON.parse(await readFile(target.file, 'utf8')) as CorpusFileJson;
  const entry = json.data.find((candidate) => candidate.intent === intent);
  if (!entry)
    throw new SocbotError('INTERNAL', `${target.file} changed while labelling; run the command again.`);
  (entry.utterances ??= []).push(utterance.trim());
  const temp = `${target.file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(json, null, 2)}\n`);
  await rename(temp, target.file);
  return { file: target.file, intent, added: true };
}

/** The intents of the corpus, sorted. */
export function corpusIntents(corpusPath: string, options: CorpusFilesOptions = {}): string[] {
  return loadCorpus(corpusPath, { strict: false, ...options })
    .intents.map((intent) => intent.intent)
    .sort();
}
