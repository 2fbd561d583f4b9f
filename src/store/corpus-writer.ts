import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../errors';

interface CorpusFileJson {
  data?: { intent: string; utterances?: string[]; tests?: string[] }[];
  [key: string]: unknown;
}

/** Where a labelled utterance went. */
export interface AppendResult {
  file: string;
  intent: string;
  /** False when the intent already had this utterance (nothing written). */
  added: boolean;
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
): Promise<AppendResult> {
  const files = await corpusFiles(corpusPath);
  const parsed = await Promise.all(files.map(async (file) => ({ file, json: await readCorpusJson(file) })));
  const key = normalise(utterance);
  for (const { file, json } of parsed) {
    const owner = json.data?.find(
      (entry) =>
        entry.intent !== intent &&
        [...(entry.utterances ?? []), ...(entry.tests ?? [])].some((u) => normalise(u) === key),
    );
    if (owner) {
      throw new SocbotError(
        'USAGE',
        `"${utterance}" is already an utterance of intent "${owner.intent}" in ${file}. One phrase belongs to one intent: remove it there first, or label it "${owner.intent}".`,
        { file, intent: owner.intent },
      );
    }
  }
  const target = parsed.find(({ json }) => json.data?.some((entry) => entry.intent === intent));
  const entry = target?.json.data?.find((candidate) => candidate.intent === intent);
  if (!target || !entry) {
    const known = [...new Set(parsed.flatMap(({ json }) => json.data?.map((e) => e.intent) ?? []))].sort();
    throw new SocbotError(
      'USAGE',
      `The corpus at ${corpusPath} has no intent "${intent}". Use one of: ${known.join(', ')} (or add the intent to a corpus file first).`,
      { intent, known },
    );
  }
  entry.utterances ??= [];
  if (entry.utterances.some((existing) => normalise(existing) === key)) {
    return { file: target.file, intent, added: false };
  }
  entry.utterances.push(utterance.trim());
  const temp = `${target.file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(target.json, null, 2)}\n`);
  await rename(temp, target.file);
  return { file: target.file, intent, added: true };
}

/** The intents of the corpus, sorted. */
export async function corpusIntents(corpusPath: string): Promise<string[]> {
  const files = await corpusFiles(corpusPath);
  const intents = new Set<string>();
  for (const file of files)
    for (const entry of (await readCorpusJson(file)).data ?? []) intents.add(entry.intent);
  return [...intents].sort();
}

async function corpusFiles(corpusPath: string): Promise<string[]> {
  if (!existsSync(corpusPath)) {
    throw new SocbotError(
      'CORPUS_NOT_FOUND',
      `No corpus at ${corpusPath}. Set SOCBOT_CORPUS or pass --corpus with the corpus directory.`,
      { path: corpusPath },
    );
  }
  if (!statSync(corpusPath).isDirectory()) return [corpusPath];
  const names = (await readdir(corpusPath)).filter((name) => name.endsWith('.json')).sort();
  return names.map((name) => path.join(corpusPath, name));
}

async function readCorpusJson(file: string): Promise<CorpusFileJson> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CorpusFileJson;
  } catch (error) {
    throw new SocbotError(
      'CORPUS_INVALID_JSON',
      `${file} is not valid JSON (${(error as Error).message}). Fix it before labelling into it.`,
      { file },
      { cause: error },
    );
  }
}

function normalise(utterance: string): string {
  return utterance.trim().toLowerCase().replace(/\s+/g, ' ');
}
