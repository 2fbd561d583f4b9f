import { ENTITY_TYPES, isEntityType, NONE_INTENT } from '../types';
import type { Corpus, CorpusIntent, CorpusIssue } from './types';
import { parseRegexRule } from './regex-rule';
import { utteranceKey } from './utterance-key';

/** `@priority` in "raise a @priority alert": an entity placeholder, NLP.js style. E-mail addresses do not count. */
const ENTITY_PLACEHOLDER = /(?:^|[\s(["'])@([A-Za-z_][A-Za-z0-9_]*)/g;

/** Priority synonyms map onto these values; any other option name would never be reported. */
const PRIORITY_OPTIONS = ['P1', 'P2', 'P3', 'P4', 'P5'];

type PhraseKind = 'utterances' | 'tests';

interface PhraseSite {
  intent: CorpusIntent;
  kind: PhraseKind;
  text: string;
}

/**
 * Finds corpus mistakes before training: malformed phrases, the same phrase under two intents,
 * duplicates within an intent, intents without training phrases (`None` may hold only tests),
 * held-out tests that are also training phrases, unknown entities and unusable regexes.
 * Works on a merged corpus and on one that lists an intent once per file.
 *
 * @example
 *   const issues = validateCorpus(loadCorpus('corpus', { strict: false }));
 *   for (const issue of issues) console.log(issue.file, issue.intent, issue.utterance, issue.message);
 */
export function validateCorpus(corpus: Corpus): CorpusIssue[] {
  const issues: CorpusIssue[] = [];
  const sites = collectWellFormedPhrases(corpus.intents, issues);
  issues.push(...findDuplicatesWithinIntents(sites));
  issues.push(...findPhrasesUnderSeveralIntents(sites, 'utterances'));
  issues.push(...findPhrasesUnderSeveralIntents(sites, 'tests'));
  issues.push(...findTestsThatAreTrained(sites));
  issues.push(...findIntentsWithoutTraining(corpus.intents));
  issues.push(...findUnknownCarriedIntents(corpus.intents));
  issues.push(...findEntityProblems(corpus, sites));
  return issues;
}

function collectWellFormedPhrases(intents: readonly CorpusIntent[], issues: CorpusIssue[]): PhraseSite[] {
  const sites: PhraseSite[] = [];
  for (const intent of intents) {
    for (const kind of ['utterances', 'tests'] as const) {
      // Corpora built in code from untyped JSON can hold anything: check at run time.
      const phrases: readonly unknown[] = Array.isArray(intent[kind]) ? intent[kind] : [];
      phrases.forEach((phrase, index) => {
        const problem = malformedPhraseProblem(phrase);
        if (problem === undefined) {
          sites.push({ intent, kind, text: phrase as string });
        } else {
          issues.push({
            file: intent.file,
            intent: intent.intent,
            utterance: typeof phrase === 'string' ? phrase : JSON.stringify(phrase),
            message: `${kind}[${index}] ${problem}; write the phrase as a non-empty string or remove it`,
          });
        }
      });
    }
  }
  return sites;
}

/**
 * Why a phrase cannot be used, or undefined when it is a usable string.
 *
 * @example
 *   malformedPhraseProblem('  ') // → 'is empty or only whitespace'
 */
export function malformedPhraseProblem(phrase: unknown): string | undefined {
  if (typeof phrase !== 'string') return `is not a string (got ${phrase === null ? 'null' : typeof phrase})`;
  if (phrase.trim() === '') return 'is empty or only whitespace';
  return undefined;
}

function findDuplicatesWithinIntents(sites: readonly PhraseSite[]): CorpusIssue[] {
  const issues: CorpusIssue[] = [];
  const seen = new Set<string>();
  for (const site of sites) {
    const key = `${site.intent.intent}\u0000${site.kind}\u0000${utteranceKey(site.text)}`;
    if (seen.has(key)) {
      issues.push({
        file: site.intent.file,
        intent: site.intent.intent,
        utterance: site.text,
        message: `appears more than once in the ${site.kind} of this intent (case and spacing ignored); remove the duplicate`,
      });
    }
    seen.add(key);
  }
  return issues;
}

function findPhrasesUnderSeveralIntents(sites: readonly PhraseSite[], kind: PhraseKind): CorpusIssue[] {
  const firstIntentOf = new Map<string, PhraseSite>();
  const issues: CorpusIssue[] = [];
  for (const site of sites.filter((s) => s.kind === kind)) {
    const key = utteranceKey(site.text);
    const first = firstIntentOf.get(key);
    if (first === undefined) {
      firstIntentOf.set(key, site);
    } else if (first.intent.intent !== site.intent.intent) {
      issues.push({
        file: site.intent.file,
        intent: site.intent.intent,
        utterance: site.text,
        message: `is also in the ${kind} of intent "${first.intent.intent}" (${first.intent.file}); one phrase can teach only one intent, keep it under the right one`,
      });
    }
  }
  return issues;
}

function findTestsThatAreTrained(sites: readonly PhraseSite[]): CorpusIssue[] {
  const trainedUnder = new Map<string, PhraseSite>();
  for (const site of sites) {
    if (site.kind === 'utterances' && !trainedUnder.has(utteranceKey(site.text))) {
      trainedUnder.set(utteranceKey(site.text), site);
    }
  }
  const issues: CorpusIssue[] = [];
  for (const site of sites.filter((s) => s.kind === 'tests')) {
    const trained = trainedUnder.get(utteranceKey(site.text));
    if (trained !== undefined) {
      issues.push({
        file: site.intent.file,
        intent: site.intent.intent,
        utterance: site.text,
        message: `is a held-out test but also a training utterance of intent "${trained.intent.intent}" (${trained.intent.file}); a test must be unseen, so reword the test or drop it from training`,
      });
    }
  }
  return issues;
}

/** `carries` must name other intents of the corpus that have training utterances, never `None`. */
function findUnknownCarriedIntents(intents: readonly CorpusIntent[]): CorpusIssue[] {
  const known = new Set(intents.map((intent) => intent.intent));
  return intents.flatMap((intent) =>
    (intent.carries ?? [])
      .filter((carried) => !known.has(carried) || carried === intent.intent || carried === NONE_INTENT)
      .map((carried) => ({
        file: intent.file,
        intent: intent.intent,
        message: `"carries" names "${carried}", which ${
          carried === intent.intent
            ? 'is this intent itself'
            : carried === NONE_INTENT
              ? 'is out of scope'
              : 'is not an intent of this corpus'
        }; list other intents whose statements this intent's utterances may carry along, or remove it`,
      })),
  );
}

function findIntentsWithoutTraining(intents: readonly CorpusIntent[]): CorpusIssue[] {
  const trainingCount = new Map<string, number>();
  for (const intent of intents) {
    const usable = (Array.isArray(intent.utterances) ? intent.utterances : []).filter(
      (u) => malformedPhraseProblem(u) === undefined,
    );
    trainingCount.set(intent.intent, (trainingCount.get(intent.intent) ?? 0) + usable.length);
  }
  const reported = new Set<string>();
  const issues: CorpusIssue[] = [];
  for (const intent of intents) {
    if (intent.intent === NONE_INTENT || trainingCount.get(intent.intent) !== 0 || reported.has(intent.intent)) {
      continue;
    }
    reported.add(intent.intent);
    issues.push({
      file: intent.file,
      intent: intent.intent,
      message: `has no training utterances; add some under "utterances" (only "${NONE_INTENT}" may hold tests alone)`,
    });
  }
  return issues;
}

function findEntityProblems(corpus: Corpus, sites: readonly PhraseSite[]): CorpusIssue[] {
  const issues: CorpusIssue[] = [];
  const known = ENTITY_TYPES.join(', ');
  for (const [name, definition] of Object.entries(corpus.entities)) {
    const definitionFile = corpus.entityFiles?.[name] ?? corpus.files[0] ?? '(corpus)';
    if (!isEntityType(name)) {
      issues.push({
        file: definitionFile,
        message: `entity definition "${name}" is not an entity type socbot knows (${known}); rename it or remove it`,
      });
    }
    for (const rule of definition.regex ?? []) {
      const parsed = parseRegexRule(rule);
      if (!parsed.ok) {
        issues.push({ file: definitionFile, message: `entity "${name}": regex ${rule} ${parsed.reason}` });
      }
    }
    for (const [option, synonyms] of Object.entries(definition.options ?? {})) {
      if (name === 'priority' && !PRIORITY_OPTIONS.includes(option)) {
        issues.push({
          file: definitionFile,
          message: `entity "priority", option "${option}": priority options are the normalised levels ${PRIORITY_OPTIONS.join(', ')}; list "${option}" as a synonym under one of them`,
        });
      }
      if (synonyms.some((synonym) => synonym.trim() === '')) {
        issues.push({
          file: definitionFile,
          message: `entity "${name}", option "${option}": has an empty synonym; remove it`,
        });
      }
    }
  }
  for (const site of sites) {
    for (const match of site.text.matchAll(ENTITY_PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (isEntityType(name) && corpus.entities[name] !== undefined) continue;
      const why = isEntityType(name)
        ? `is not defined under "entities"; define it (regex or options) in the corpus`
        : `is not an entity type socbot knows (${known}); use one of them or write the value out`;
      issues.push({
        file: site.intent.file,
        intent: site.intent.intent,
        utterance: site.text,
        message: `entity placeholder @${name} ${why}`,
      });
    }
  }
  return issues;
}
