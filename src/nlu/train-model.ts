import { compoundExamples } from './compound-examples';
import { calibrateThreshold, type HeldOutScore } from './calibration';
import { calibrationSplit } from './calibration-split';
import { trainingSet } from './corpus/labeled-sets';
import type { Corpus, LabeledUtterance } from './corpus/types';
import { EntityExtractor } from './entities/entity-extractor';
import { IntentClassifier, type TrainingProgress } from './intent-classifier';
import { intentNameExamples } from './intent-name-examples';
import { maskEntities } from './mask-entities';
import { MODEL_FORMAT_VERSION, type ModelMeta } from './model-meta';
import { resolveSettings, type DeepPartial, type ModelSettings } from './model-settings';
import { NluModel } from './nlu-model';
import { TextFeaturizer, type AnalyzedExample } from './text-features';
import { NONE_INTENT } from './types';

export interface TrainModelOptions {
  settings?: DeepPartial<ModelSettings>;
  onProgress?: (progress: TrainingProgress) => void;
}

/**
 * Trains a socbot NLU model from a validated corpus: masks entities in the training utterances,
 * calibrates the out-of-scope threshold on a held-out share, then trains the final classifier on
 * everything, plus the intents' names and compound utterances (an intent's utterance carrying a
 * statement of an intent it `carries`) as examples.
 *
 * @example
 *   const model = await trainModel(loadCorpus('corpus'));
 *   await saveModel(model, 'models/socbot.model.json');
 */
export async function trainModel(corpus: Corpus, options: TrainModelOptions = {}): Promise<NluModel> {
  const started = performance.now();
  const settings = resolveSettings(options.settings);
  const report = options.onProgress ?? (() => {});
  const hasEntities = Object.keys(corpus.entities).length > 0;
  const extractor = hasEntities ? EntityExtractor.fromDefinitions(corpus.entities) : undefined;

  const raw = trainingSet(corpus);
  const featurizer = new TextFeaturizer(settings.features);
  const prepare = async (example: LabeledUtterance): Promise<PreparedExample> => {
    const entities = extractor ? await extractor.extract(example.utterance) : [];
    const utterance = maskEntities(example.utterance, entities);
    return { intent: example.intent, utterance, ...featurizer.analyze(utterance) };
  };
  const examples: PreparedExample[] = [];
  for (const [i, example] of raw.entries()) {
    examples.push(await prepare(example));
    if (i % 500 === 0 || i === raw.length - 1) report({ phase: 'entities', done: i + 1, total: raw.length });
  }
  const names: PreparedExample[] = [];
  if (settings.intentNameExamples) {
    for (const example of intentNameExamples(corpus.intents.map((i) => i.intent))) {
      names.push(await prepare(example));
    }
  }
  // Composed from already masked utterances: analysed only, not run through the extractor again.
  const analyse = (composed: readonly LabeledUtterance[]): PreparedExample[] =>
    composed.map((example) => ({ ...example, ...featurizer.analyze(example.utterance) }));
  const seed = settings.linear.seed;

  const split = calibrationSplit(corpus.intents, examples, settings.calibration.heldOutFraction, seed);
  const threshold = calibrate(
    split.fit,
    split.heldOut,
    [...names, ...analyse(split.compounds)],
    settings,
    report,
  );
  // The final model holds nothing out, so its compounds may draw on every training utterance.
  const compounds = analyse(compoundExamples(corpus.intents, examples, seed));
  const classifier = IntentClassifier.train([...examples, ...names, ...compounds], settings, report);
  const meta: ModelMeta = {
    formatVersion: MODEL_FORMAT_VERSION,
    corpusName: corpus.name,
    corpusHash: corpus.hash,
    locale: corpus.locale,
    settings,
    intents: [...classifier.classes],
    trainingUtterances: examples.length,
    trainMs: Math.round(performance.now() - started),
    trainedAt: new Date().toISOString(),
    threshold,
    nlpjsNetwork: classifier.usesNlpjsNetwork
      ? 'used'
      : settings.nlpjs.weight > 0
        ? 'skipped: corpus too large'
        : 'off',
  };
  return new NluModel(meta, corpus.entities, classifier, extractor);
}

/** A training utterance with its entities masked, analysed once for both models. */
interface PreparedExample extends AnalyzedExample {
  utterance: string;
}

/**
 * Trains a model on most of the data and sets the threshold from its scores on the rest. The
 * calibration model trains a share of the final model's epochs: its scores come out slightly
 * less confident, which errs towards answering rather than rejecting. The intent-name and compound
 * examples are always fitted, never held out: they are derived examples, not phrasings the
 * threshold should be set on (the compounds are derived from `fit` alone, see calibration-split).
 */
function calibrate(
  fit: readonly PreparedExample[],
  heldOut: readonly PreparedExample[],
  alwaysFitted: readonly PreparedExample[],
  settings: ModelSettings,
  report: (progress: TrainingProgress) => void,
): number {
  if (!heldOut.some((example) => example.intent !== NONE_INTENT)) return settings.calibration.minThreshold;
  const share = settings.calibration.epochShare;
  const calibrationSettings: ModelSettings = {
    ...settings,
    linear: {
      ...settings.linear,
      epochs: Math.max(1, Math.round(settings.linear.epochs * share)),
      minUpdates: settings.linear.minUpdates * share,
    },
  };
  const model = IntentClassifier.train([...fit, ...alwaysFitted], calibrationSettings, (p) =>
    report({ ...p, phase: 'calibration' }),
  );
  const noneIndex = model.classes.indexOf(NONE_INTENT);
  const scores: HeldOutScore[] = heldOut.map((example) => {
    const { probabilities, none } = model.score(example.utterance);
    let best = 0;
    let bestClass = -1;
    probabilities.forEach((p, c) => {
      if (c !== noneIndex && p > best) {
        best = p;
        bestClass = c;
      }
    });
    const outOfScope = example.intent === NONE_INTENT;
    const noneWins = none > best;
    const correct = outOfScope ? noneWins : !noneWins && model.classes[bestClass] === example.intent;
    return { score: best, correct, outOfScope };
  });
  return calibrateThreshold(scores, settings.calibration);
}
