import path from 'node:path';
import { SocbotError } from '../errors';
import type { Corpus } from '../nlu/corpus/types';
import { ENTITY_TYPES, isEntityType, needsNoCorpusDefinition } from '../nlu/types';
import { manifestFileOf } from '../skills/skill-registry';
import type { Skill } from '../skills/types';

/** What the start-up check compares: the skills, the corpus, and the model about to answer. */
export interface ConsistencyInputs {
  readonly skills: readonly Pick<Skill, 'name' | 'dir' | 'manifest'>[];
  readonly corpus: Pick<Corpus, 'intents' | 'entities' | 'hash' | 'files' | 'entityFiles'>;
  /** The model file's record of the corpus it was trained on; undefined when there is no model yet. */
  readonly model?: { readonly corpusHash: string } | undefined;
}

/** One mismatch between a skill and the corpus, with where it is and how to fix it. */
export interface ConsistencyProblem {
  readonly skill: string;
  /** The skill's manifest file. */
  readonly file: string;
  readonly intent?: string;
  readonly slot?: string;
  readonly entity?: string;
  /** The whole sentence: what is wrong and how to fix it. */
  readonly message: string;
}

/**
 * What the check found. `model` is `missing` (train one), `current` (trained on this corpus) or
 * `stale` (trained on another version of the corpus: retrain before answering).
 */
export interface ConsistencyReport {
  readonly problems: readonly ConsistencyProblem[];
  readonly model: 'missing' | 'current' | 'stale';
}

/**
 * Cross-checks the skills against the corpus before the bot answers, as Rasa's validator does for
 * its domain: every trigger intent of every skill is an intent of the corpus (else the skill shows
 * up in "help" and never fires), every slot's entity type is one socbot parses and the corpus
 * defines (else it is never found in a sentence), and the model was trained on this corpus.
 *
 * @example
 *   const report = checkConsistency({ skills: registry.skills, corpus, model: model.meta });
 *   assertConsistent(report); // SKILLS_INCONSISTENT naming skill, intent and file
 *   if (report.model === 'stale') await retrain();
 */
export function checkConsistency(inputs: ConsistencyInputs): ConsistencyReport {
  const { corpus } = inputs;
  const intents = new Set(corpus.intents.map((intent) => intent.intent));
  const corpusFiles = corpus.files.map((file) => path.basename(file)).join(', ');
  const problems: ConsistencyProblem[] = [];
  for (const skill of inputs.skills) {
    const file = manifestFileOf(skill.dir) ?? path.join(skill.dir, 'manifest.ts');
    for (const intent of skill.manifest.triggerIntents) {
      if (intents.has(intent)) continue;
      problems.push({
        skill: skill.name,
        file,
        intent,
        message:
          `skills/${skill.name} is started by the intent "${intent}" (${file}), but the corpus has no such intent ` +
          `(${corpusFiles}), so the skill would never fire. Add "${intent}" with example utterances to the corpus ` +
          `and run \`socbot train\`, or change triggerIntents to one of: ${[...intents].sort().join(', ')}.`,
      });
    }
    for (const slot of skill.manifest.slots) {
      const entity: string = slot.entity;
      // The lifecycle's types (alertRef, classification, person, note) and the indicators domain,
      // url, hash are read in code, without a corpus definition.
      if (isEntityType(entity) && (corpus.entities[entity] !== undefined || needsNoCorpusDefinition(entity)))
        continue;
      const fix = isEntityType(entity)
        ? `the corpus does not define it, so it is never found in a sentence. Define "${entity}" (regex or options) under "entities" in corpus/entities.json`
        : `socbot has no such entity type. Use one of ${ENTITY_TYPES.join(', ')}`;
      problems.push({
        skill: skill.name,
        file,
        slot: slot.name,
        entity,
        message: `skills/${skill.name}, slot "${slot.name}" (${file}) holds the entity type "${entity}", but ${fix}.`,
      });
    }
  }
  const model = !inputs.model ? 'missing' : inputs.model.corpusHash === corpus.hash ? 'current' : 'stale';
  return { problems, model };
}

/**
 * Throws SKILLS_INCONSISTENT listing every problem of the report; does nothing when there is none.
 *
 * @example
 *   assertConsistent(checkConsistency({ skills, corpus }));
 */
export function assertConsistent(report: ConsistencyReport): void {
  const error = inconsistencyError(report);
  if (error) throw error;
}

/**
 * SKILLS_INCONSISTENT for the report's problems (undefined when there are none), every problem in
 * the message; the first problem's skill, file and intent (or slot) are in `details` for logs.
 */
export function inconsistencyError(report: ConsistencyReport): SocbotError | undefined {
  const [first] = report.problems;
  if (!first) return undefined;
  const count = report.problems.length;
  return new SocbotError(
    'SKILLS_INCONSISTENT',
    `The skills do not match the corpus (${count} ${count === 1 ? 'problem' : 'problems'}): ` +
      report.problems.map((problem) => problem.message).join(' '),
    {
      skill: first.skill,
      file: first.file,
      ...(first.intent ? { intent: first.intent } : {}),
      ...(first.slot ? { slot: first.slot, entity: first.entity } : {}),
      problems: report.problems.map((problem) => problem.message),
    },
  );
}
