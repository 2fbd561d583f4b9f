import type { AlertKind } from './alert-kind';

/** How similar the alerts a suggestion was learned from are to this one, most similar first. */
export type SimilarityLevel = 'pattern+system+user' | 'pattern+system' | 'pattern' | 'system';

/** One way of being "the same kind": which alerts it groups together, and how it reads in a reason. */
export interface Similarity {
  name: SimilarityLevel;
  /**
   * The group `kind` falls into at this level; two alerts are similar at it when their keys are
   * equal. Undefined when the level does not apply (a pattern level for an alert without one).
   */
  keyOf(kind: AlertKind): string | undefined;
  describe(kind: AlertKind): string;
}

/** Most similar first: the model backs off to a looser match when a closer one teaches nothing. */
export const SIMILARITY_LEVELS: readonly Similarity[] = [
  {
    name: 'pattern+system+user',
    keyOf: (k) => (k.pattern === null ? undefined : JSON.stringify([k.pattern, k.system, k.userType])),
    describe: (k) => `on ${k.system} with pattern '${k.pattern ?? ''}' and a ${k.userType} user`,
  },
  {
    name: 'pattern+system',
    keyOf: (k) => (k.pattern === null ? undefined : JSON.stringify([k.pattern, k.system])),
    describe: (k) => `on ${k.system} with pattern '${k.pattern ?? ''}'`,
  },
  {
    name: 'pattern',
    keyOf: (k) => (k.pattern === null ? undefined : JSON.stringify([k.pattern])),
    describe: (k) => `with pattern '${k.pattern ?? ''}'`,
  },
  { name: 'system', keyOf: (k) => JSON.stringify([k.system]), describe: (k) => `on ${k.system}` },
];
