/**
 * Corpus loading and validation: the one door through which training, evaluation and the CLI
 * read intents, held-out tests and entity definitions.
 */
export type { Corpus, CorpusIntent, CorpusIssue, EntityDefinition, LabeledUtterance } from './types';
export { loadCorpus, type LoadCorpusOptions } from './load-corpus';
export { validateCorpus } from './validate-corpus';
export { trainingSet, heldOutSet } from './labeled-sets';
export { loadTestSet } from './load-test-set';
export { parseRegexRule, type ParsedRegexRule } from './regex-rule';
export { describeIssue, formatIssues } from './corpus-issues';
