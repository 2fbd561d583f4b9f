import type { EntityDefinition } from '../corpus/types';
import { CANONICAL_PRIORITY_WORDS, isPriorityLevel, type PriorityLevel } from './priority-levels';

/**
 * What the resolver knows beyond shapes, read from the corpus entity definitions: the SIDs of
 * this landscape (`system.options`), well-known SAP users (`username.options`) and priority
 * synonyms (`priority.options`, keyed P1..P5).
 */
export interface EntityVocabulary {
  /** Upper-case SIDs that count as systems without a context word (PRD, QAS…). */
  knownSids: ReadonlySet<string>;
  /** Upper-case user IDs that count as users without a context word (DDIC, SAP*…). */
  knownUsers: ReadonlySet<string>;
  /** Lower-case priority word → level, canonical words included. */
  prioritySynonyms: ReadonlyMap<string, PriorityLevel>;
}

/** The vocabulary without a corpus: canonical priority words, standard SAP users, no SIDs. */
export const DEFAULT_VOCABULARY: EntityVocabulary = {
  knownSids: new Set(),
  knownUsers: new Set(['DDIC', 'SAP*', 'TMSADM', 'EARLYWATCH', 'SAPCPIC']),
  prioritySynonyms: CANONICAL_PRIORITY_WORDS,
};

/**
 * Builds the vocabulary from corpus entity definitions. Priority options must be named P1..P5.
 *
 * @example
 *   const vocabulary = vocabularyFromDefinitions(loadCorpus('corpus').entities);
 *   vocabulary.knownSids.has('PRD') // → true
 */
export function vocabularyFromDefinitions(
  definitions: Readonly<Record<string, EntityDefinition>>,
): EntityVocabulary {
  const prioritySynonyms = new Map(CANONICAL_PRIORITY_WORDS);
  for (const [level, synonyms] of Object.entries(definitions.priority?.options ?? {})) {
    if (!isPriorityLevel(level)) continue;
    for (const synonym of synonyms)
      prioritySynonyms.set(synonym.trim().toLowerCase().replace(/\s+/g, ' '), level);
  }
  const optionNames = (name: string): string[] =>
    Object.entries(definitions[name]?.options ?? {}).flatMap(([option, synonyms]) => [option, ...synonyms]);
  return {
    knownSids: new Set(optionNames('system').map((sid) => sid.toUpperCase())),
    knownUsers: new Set([
      ...DEFAULT_VOCABULARY.knownUsers,
      ...optionNames('username').map((u) => u.toUpperCase()),
    ]),
    prioritySynonyms,
  };
}
