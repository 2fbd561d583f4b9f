import type { EntityDefinition } from './corpus/types';
import { EntityExtractor } from './entities/entity-extractor';
import { strongestContributions } from './explain-features';
import { DEFAULT_EXPLAINED_FEATURES, type ExplainOptions, type Explanation } from './explanation';
import { IntentClassifier, type IntentClassifierJson } from './intent-classifier';
import { maskEntities } from './mask-entities';
import type { ModelMeta } from './model-meta';
import { NONE_INTENT, type Entity, type IntentScore, type Recognition, type Recognizer } from './types';

/**
 * Intent classification reads at most this many characters: an analyst's message is far shorter,
 * and a pasted 1 MB log must cost no more than a normal message.
 */
export const MAX_CLASSIFIED_CHARS = 2000;

/** How many in-scope intents `alternatives` lists. */
const ALTERNATIVES = 3;

export interface NluModelJson {
  meta: ModelMeta;
  entities: Record<string, EntityDefinition>;
  classifier: IntentClassifierJson;
}

/**
 * A trained socbot NLU model: entities first (NLP.js NER + typed resolver), then the intent
 * classifier on the text with entities masked, then the calibrated out-of-scope decision.
 *
 * @example
 *   const model = await loadModel('models/socbot.model.json');
 *   await model.recognize('alert 4711 on PRD'); // → { intent: 'alert', score: 0.97, entities: [alertId 4711, system PRD], … }
 */
export class NluModel implements Recognizer {
  constructor(
    readonly meta: ModelMeta,
    private readonly entityDefinitions: Record<string, EntityDefinition>,
    private readonly classifier: IntentClassifier,
    private readonly extractor: EntityExtractor | undefined = hasDefinitions(entityDefinitions)
      ? EntityExtractor.fromDefinitions(entityDefinitions)
      : undefined,
  ) {}

  static fromJSON(json: NluModelJson): NluModel {
    return new NluModel(
      json.meta,
      json.entities,
      IntentClassifier.fromJSON(json.classifier, json.meta.settings),
    );
  }

  toJSON(): NluModelJson {
    return { meta: this.meta, entities: this.entityDefinitions, classifier: this.classifier.toJSON() };
  }

  async recognize(text: string): Promise<Recognition> {
    const { entities, dropped } = this.extractor
      ? await this.extractor.extractCounted(text)
      : { entities: [], dropped: 0 };
    return {
      text,
      ...this.classify(text, entities),
      entities,
      ...(dropped > 0 && { droppedIndicators: dropped }),
    };
  }

  /**
   * Every class's probability, `None` included, best first, with entities masked as `recognize`
   * masks them: for a caller that decides with its own threshold instead of the calibrated one
   * (the mail cascade routes a confident `None` to its default route).
   *
   * @example
   *   await model.rank('I lost my laptop on the train'); // → [{ intent: 'lost-device', score: 0.93 }, { intent: 'None', … }, …]
   */
  async rank(text: string): Promise<IntentScore[]> {
    const entities = this.extractor ? await this.extractor.extract(text) : [];
    const { probabilities } = this.classifier.score(maskedForClassification(text, entities));
    return this.classifier.classes
      .map((intent, c) => ({ intent, score: round(probabilities[c] ?? 0) }))
      .sort((a, b) => b.score - a.score);
  }

  /** Intent decision for a text whose entities are already known (training uses this with the same masking). */
  classify(
    text: string,
    entities: readonly Entity[],
  ): Pick<Recognition, 'intent' | 'score' | 'alternatives'> {
    const { inScope, none } = this.ranked(maskedForClassification(text, entities));
    const best = inScope[0] ?? { intent: NONE_INTENT, score: 0 };
    return {
      intent: isOutOfScope(best.score, none, this.meta.threshold) ? NONE_INTENT : best.intent,
      score: round(best.score),
      alternatives: inScope.slice(0, ALTERNATIVES).map((a) => ({ intent: a.intent, score: round(a.score) })),
    };
  }

  /**
   * Why the model scores `text` as it does: the best in-scope intent against the runner-up, with
   * the features that weighed most each way, from the linear model's weights. The text goes the
   * same way as in `recognize` (entities masked, cut at MAX_CLASSIFIED_CHARS).
   *
   * @example
   *   const why = await model.explain('close SOC-2026-0001 as false positive');
   *   why.forIntent[0]; // → { feature: 'w:close', label: 'close', weight: 1.9 }
   */
  async explain(text: string, options: ExplainOptions = {}): Promise<Explanation> {
    const entities = this.extractor ? (await this.extractor.extractCounted(text)).entities : [];
    const masked = maskedForClassification(text, entities);
    const threshold = options.threshold ?? this.meta.threshold;
    const { inScope, none } = this.ranked(masked);
    // With `None` as a class of its own (the mail model's `other`), the best of every class is explained.
    const candidates = options.includeNone ? this.everyClass(masked) : inScope;
    const [best = { intent: NONE_INTENT, score: 0 }, second] = candidates;
    const classes = this.classifier.classes;
    const linear = this.classifier.explain(
      masked,
      classes.indexOf(best.intent),
      second ? classes.indexOf(second.intent) : undefined,
    );
    const decided = options.includeNone
      ? best.score >= threshold
      : inScope.length > 0 && !isOutOfScope(best.score, none, threshold);
    return {
      text: text.slice(0, MAX_CLASSIFIED_CHARS),
      intent: best.intent,
      score: round(best.score),
      ...(second && { runnerUp: { intent: second.intent, score: round(second.score) } }),
      threshold,
      decided,
      ...(!decided && !options.includeNone && best.score >= threshold
        ? { outweighedByNone: true as const }
        : {}),
      ...strongestContributions(linear.pulls, options.top ?? DEFAULT_EXPLAINED_FEATURES),
      networkShare: linear.networkShare,
    };
  }

  /** Every class, `None` included, best first. */
  private everyClass(masked: string): IntentScore[] {
    const { probabilities } = this.classifier.score(masked);
    return this.classifier.classes
      .map((intent, c) => ({ intent, score: probabilities[c] ?? 0 }))
      .sort((a, b) => b.score - a.score);
  }

  /** The in-scope intents, best first, and the evidence that the text is out of scope. */
  private ranked(masked: string): { inScope: IntentScore[]; none: number } {
    const { probabilities, none } = this.classifier.score(masked);
    const inScope: IntentScore[] = [];
    this.classifier.classes.forEach((intent, c) => {
      if (intent !== NONE_INTENT) inScope.push({ intent, score: probabilities[c] ?? 0 });
    });
    inScope.sort((a, b) => b.score - a.score);
    return { inScope, none };
  }
}

/** Out of scope: the best in-scope score is under the threshold, or the evidence for `None` is stronger. */
function isOutOfScope(best: number, none: number, threshold: number): boolean {
  return best < threshold || none > best;
}

/** The text the classifier reads: cut at MAX_CLASSIFIED_CHARS, the entities in it masked. */
function maskedForClassification(text: string, entities: readonly Entity[]): string {
  return maskEntities(
    text.slice(0, MAX_CLASSIFIED_CHARS),
    entities.filter((e) => e.end <= MAX_CLASSIFIED_CHARS),
  );
}

function hasDefinitions(definitions: Record<string, EntityDefinition>): boolean {
  return Object.keys(definitions).length > 0;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
