import type { FoldScores } from '../nlu/evaluation/cross-validated-metrics';
import type { EvaluationMetrics } from '../nlu/evaluation/metrics';
import { columns, duration, percent } from './format';

/** What was evaluated against what. */
export interface EvaluationSource {
  /** Corpus trained on (absolute path), or null when a saved model was evaluated. */
  corpus: string | null;
  /** Model file evaluated, or null when a model was trained for the run. */
  model: string | null;
  /** Test file, or a description such as "held-out phrases of <corpus>". */
  testSet: string;
  crossValidationFolds: number | null;
}

/** The object `socbot evaluate --json` prints: the metrics plus where they come from. */
export interface EvaluationOutput extends EvaluationMetrics {
  source: EvaluationSource;
  /** Training time of the model (mean per fold when cross-validating); null when a model was loaded. */
  trainMs: number | null;
  folds?: FoldScores[];
}

/** Headline numbers first, so `--json | head -c 300` is still useful. */
export function evaluationOutput(
  metrics: EvaluationMetrics & { folds?: FoldScores[] },
  source: EvaluationSource,
  trainMs: number | null,
): EvaluationOutput {
  return {
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    inScopeAccuracy: metrics.inScopeAccuracy,
    oosRecall: metrics.oosRecall,
    oosFalseAcceptRate: metrics.oosFalseAcceptRate,
    inScopeRejectRate: metrics.inScopeRejectRate,
    count: metrics.count,
    trainMs,
    source,
    perIntent: metrics.perIntent,
    confusions: metrics.confusions,
    misclassified: metrics.misclassified,
    ...(metrics.folds ? { folds: metrics.folds } : {}),
  };
}

/** How many confusion pairs the text summary lists. */
const TOP_CONFUSIONS = 10;

/** The human-readable summary `socbot evaluate` prints without `--json`. */
export function formatEvaluation(output: EvaluationOutput): string {
  const { source } = output;
  const what = source.crossValidationFolds
    ? `${source.crossValidationFolds}-fold cross-validation over ${source.corpus ?? ''}`
    : `${source.testSet}, model ${source.model ?? `trained on ${source.corpus ?? ''}`}`;
  const headline = columns([
    ['test items', String(output.count)],
    ['accuracy', percent(output.accuracy)],
    ['macro-F1', percent(output.macroF1)],
    ['in-scope accuracy', percent(output.inScopeAccuracy, 'no in-scope items')],
    ['out-of-scope recall', percent(output.oosRecall, 'no None items in the test')],
    ['oos false accepts', percent(output.oosFalseAcceptRate, 'no None items in the test')],
    ['in-scope rejected', percent(output.inScopeRejectRate, 'no in-scope items')],
    [
      'training time',
      output.trainMs === null
        ? 'n/a (saved model)'
        : duration(output.trainMs) + (source.crossValidationFolds ? ' per fold' : ''),
    ],
  ]);
  const perIntent = columns([
    ['intent', 'precision', 'recall', 'F1', 'support'],
    ...Object.entries(output.perIntent).map(([intent, m]) => [
      intent,
      m.precision.toFixed(3),
      m.recall.toFixed(3),
      m.f1.toFixed(3),
      String(m.support),
    ]),
  ]);
  const confusions =
    output.confusions.length === 0
      ? '  none'
      : columns(
          output.confusions
            .slice(0, TOP_CONFUSIONS)
            .map((c) => [String(c.count), `${c.gold} → ${c.predicted}`]),
        );
  return [
    `Evaluation: ${what}`,
    headline,
    '',
    'Per intent',
    perIntent,
    '',
    `Top confusions (gold → predicted)${output.confusions.length > TOP_CONFUSIONS ? `, ${TOP_CONFUSIONS} of ${output.confusions.length}` : ''}`,
    confusions,
    '',
  ].join('\n');
}
