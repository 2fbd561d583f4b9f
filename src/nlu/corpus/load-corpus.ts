import { createHash } from 'node:crypto';
import path from 'node:path';
import { SocbotError } from '../../errors';
import type { Corpus, CorpusIntent, CorpusIssue, EntityDefinition } from './types';
import { CORPUS_ERROR_CODES, readCorpusFile, type CorpusFileContent } from './corpus-file';
import { corpusFilePaths, HOW_TO_SET_CORPUS } from './corpus-file-paths';
import { formatIssues } from './corpus-issues';
import { canonicalJson } from './canonical-json';
import { malformedPhraseProblem, validateCorpus } from './validate-corpus';

export interface LoadCorpusOptions {
  /**
   * true (default): any validation issue throws CORPUS_INVALID. false: issues are returned in
   * `corpus.warnings` (for public benchmark corpora, which contain duplicates). Broken JSON and a
   * wrong file shape always throw.
   */
  strict?: boolean;
  /**
   * File names in the corpus directory that are not corpus files and must not be read as such
   * (the mail corpus keeps its keyword rules, keywords.json, next to its intents).
   */
  ignoreFiles?: readonly string[];
}

/**
 * Loads a corpus from a file or a directory (every `*.json` in it, sorted by name) and merges
 * intents of the same name across files. A file may hold only `entities` (corpus/entities.json).
 *
 * Throws SocbotError CORPUS_NOT_FOUND, CORPUS_INVALID_JSON (file, line, column) or CORPUS_INVALID
 * (every issue with file, intent and utterance; `details.issues: CorpusIssue[]`).
 *
 * @example
 *   const corpus = loadCorpus('corpus');                      // strict: throws on any issue
 *   const bench = loadCorpus('bench-data/hwu64.train.json', { strict: false });
 *   bench.warnings?.length;                                    // duplicates found, tolerated
 */
export function loadCorpus(corpusPath: string, options: LoadCorpusOptions = {}): Corpus {
  const strict = options.strict ?? true;
  const contents = corpusFilePaths(corpusPath, 'Corpus', HOW_TO_SET_CORPUS, options.ignoreFiles).map((file) => readCorpusFile(file, CORPUS_ERROR_CODES));
  const issues: CorpusIssue[] = [...findLocaleConflicts(contents)];
  const perFileIntents = contents.flatMap((content) =>
    content.intents.map((intent) => ({ ...intent, file: content.file })),
  );
  const { entities, entityFiles } = mergeEntities(contents);
  const files = contents.map((content) => content.file);
  const unmerged: Corpus = {
    name: corpusName(corpusPath, contents),
    locale: contents.find((content) => content.locale !== undefined)?.locale ?? 'en-US',
    // Validate per file so each issue names the file its phrase is really in.
    intents: perFileIntents as CorpusIntent[],
    entities,
    files,
    entityFiles,
    hash: '',
  };
  issues.push(...validateCorpus(unmerged));
  if (strict && issues.length > 0) {
    throw new SocbotError(
      'CORPUS_INVALID',
      formatIssues(
        `The corpus at ${path.resolve(corpusPath)} has ${issues.length} problem(s); fix them and load again`,
        issues,
      ),
      { path: path.resolve(corpusPath), issues },
    );
  }
  const intents = mergeIntents(perFileIntents);
  const corpus: Corpus = { ...unmerged, intents, warnings: issues };
  corpus.hash = corpusHash(corpus);
  return corpus;
}

/** Same intent name in several files → one intent; malformed phrases (already reported) are dropped. */
function mergeIntents(intents: ReadonlyArray<CorpusFileContent['intents'][number]>): CorpusIntent[] {
  const byName = new Map<string, CorpusIntent>();
  for (const intent of intents) {
    const merged = byName.get(intent.intent) ?? { intent: intent.intent, utterances: [], tests: [], file: intent.file };
    merged.utterances.push(...usablePhrases(intent.utterances));
    merged.tests.push(...usablePhrases(intent.tests));
    if (intent.carries) merged.carries = [...new Set([...(merged.carries ?? []), ...intent.carries])];
    byName.set(intent.intent, merged);
  }
  return [...byName.values()];
}

function usablePhrases(phrases: readonly unknown[]): string[] {
  return phrases.filter((phrase): phrase is string => malformedPhraseProblem(phrase) === undefined);
}

function mergeEntities(contents: readonly CorpusFileContent[]): {
  entities: Record<string, EntityDefinition>;
  entityFiles: Record<string, string>;
} {
  const entities: Record<string, EntityDefinition> = {};
  const entityFiles: Record<string, string> = {};
  for (const content of contents) {
    for (const [name, definition] of Object.entries(content.entities)) {
      const merged = entities[name] ?? {};
      if (definition.regex) merged.regex = [...(merged.regex ?? []), ...definition.regex];
      if (definition.options) {
        merged.options = { ...(merged.options ?? {}) };
        for (const [option, synonyms] of Object.entries(definition.options)) {
          merged.options[option] = [...(merged.options[option] ?? []), ...synonyms];
        }
      }
      entities[name] = merged;
      entityFiles[name] ??= content.file;
    }
  }
  return { entities, entityFiles };
}

function findLocaleConflicts(contents: readonly CorpusFileContent[]): CorpusIssue[] {
  const first = contents.find((content) => content.locale !== undefined);
  return contents
    .filter((content) => content.locale !== undefined && content.locale !== first?.locale)
    .map((content) => ({
      file: content.file,
      message: `has locale "${content.locale}" but ${first?.file} has "${first?.locale}"; one corpus holds one locale, put other locales in their own directory`,
    }));
}

/** The one file's `name`; for a directory, the names of its files joined, or the directory name. */
function corpusName(corpusPath: string, contents: readonly CorpusFileContent[]): string {
  const names = contents.map((content) => content.name).filter((name): name is string => Boolean(name));
  if (contents.length === 1 && names[0]) return names[0];
  return names.length > 0 ? names.join(' + ') : path.basename(path.resolve(corpusPath));
}

/**
 * sha256 over the canonical JSON of what training uses (name, locale, intents, entities), not of
 * file paths: the same corpus checked out elsewhere has the same hash.
 */
function corpusHash(corpus: Corpus): string {
  const content = {
    name: corpus.name,
    locale: corpus.locale,
    intents: corpus.intents.map(({ intent, utterances, tests, carries }) => ({ intent, utterances, tests, carries })),
    entities: corpus.entities,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
