import fs from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { SocbotError } from '../../errors';
import type { Corpus, LabeledUtterance } from '../../nlu/corpus/types';
import { crossValidate } from '../../nlu/evaluation/cross-validate';
import { computeMetrics } from '../../nlu/evaluation/metrics';
import { renderReportHtml } from '../../nlu/evaluation/report-html';
import { scoreTestSet } from '../../nlu/evaluation/score-test-set';
import type { CliDeps, TrainedModel } from '../cli-deps';
import { evaluationOutput, formatEvaluation, type EvaluationOutput } from '../evaluation-output';
import { createProgressReporter, type ProgressReporter } from '../progress-reporter';

interface EvaluateOptions {
  corpus?: string;
  model?: string;
  test?: string;
  crossValidate?: number;
  json?: boolean;
  report?: string;
  lenient?: boolean;
}

/**
 * `socbot evaluate`: trains on the corpus (or loads `--model`), scores the held-out phrases (or
 * `--test FILE`, or K-fold cross-validation) and prints the metrics, as text or as one JSON object.
 *
 * @example
 *   socbot evaluate --json --report report.html
 *   socbot evaluate --model models/socbot.model.json --test bench-data/snips.test.json
 *   socbot evaluate --cross-validate 5
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('evaluate')
    .description('measure the NLU: accuracy, macro-F1, per-intent scores, out-of-scope recall, confusions')
    .addOption(new Option('--corpus <path>', 'train on this corpus (default: SOCBOT_CORPUS or ./corpus)'))
    .addOption(
      new Option('--model <file>', 'evaluate this saved model instead of training one').conflicts('corpus'),
    )
    .addOption(
      new Option('--test <file>', 'NLP.js-format test set (default: the corpus held-out test phrases)'),
    )
    .addOption(
      new Option('--cross-validate <k>', 'stratified K-fold cross-validation over the training utterances')
        .argParser(parseFoldCount)
        .conflicts(['test', 'model']),
    )
    .option('--json', 'print exactly one JSON object on stdout')
    .option(
      '--lenient',
      'tolerate corpus validation issues (duplicates in public benchmark corpora) with a warning',
    )
    .option('--report <file.html>', 'also write a self-contained HTML report')
    .action(async (options: EvaluateOptions) => {
      const output = await evaluate(options, deps);
      deps.io.stdout.write(options.json ? `${JSON.stringify(output)}\n` : formatEvaluation(output));
      if (options.report) {
        const reportFile = path.resolve(options.report);
        await fs.mkdir(path.dirname(reportFile), { recursive: true });
        await fs.writeFile(reportFile, renderReportHtml(reportInput(output, deps.now())), 'utf8');
        // With --json stdout carries the JSON object only.
        (options.json ? deps.io.stderr : deps.io.stdout).write(`Report written to ${reportFile}\n`);
      }
    });
}

async function evaluate(options: EvaluateOptions, deps: CliDeps): Promise<EvaluationOutput> {
  const config = deps.config();
  const progress = createProgressReporter(deps.io.stderr);
  try {
    if (options.crossValidate !== undefined) {
      return await crossValidation(
        path.resolve(options.corpus ?? config.corpusPath),
        options,
        options.crossValidate,
        deps,
        progress,
      );
    }
    if (options.model !== undefined) {
      return await savedModel(
        path.resolve(options.model),
        path.resolve(config.corpusPath),
        options,
        deps,
        progress,
      );
    }
    return await freshModel(path.resolve(options.corpus ?? config.corpusPath), options, deps, progress);
  } finally {
    progress.stop();
  }
}

/** `--cross-validate K`: K fold models trained on the corpus training utterances. */
async function crossValidation(
  corpusPath: string,
  options: EvaluateOptions,
  folds: number,
  deps: CliDeps,
  progress: ProgressReporter,
): Promise<EvaluationOutput> {
  const { nlu } = deps;
  const corpus = loadCorpusChecked(corpusPath, options, deps);
  const result = await crossValidate(corpus, nlu.trainingSet(corpus), {
    folds,
    train: (foldCorpus) => nlu.trainModel(foldCorpus),
    onFoldDone: (done, total) => progress.update({ phase: 'Cross-validating (folds)', done, total }),
  });
  const source = {
    corpus: corpusPath,
    model: null,
    testSet: 'cross-validation folds of the training utterances',
    crossValidationFolds: folds,
  };
  return evaluationOutput(result, source, result.trainMs);
}

/** `--model FILE`: no training; the test set is `--test` or the configured corpus's held-out phrases. */
async function savedModel(
  modelFile: string,
  configuredCorpus: string,
  options: EvaluateOptions,
  deps: CliDeps,
  progress: ProgressReporter,
): Promise<EvaluationOutput> {
  // The test set is loaded first so a missing or empty one fails before any slow step.
  const test = testSetFor(options, deps, null, configuredCorpus);
  const model = await deps.nlu.loadModel(modelFile);
  if (test.corpus && test.corpus.hash !== model.meta.corpusHash) {
    deps.io.stderr.write(
      `warning: the corpus changed since ${modelFile} was trained, so scores on its ${test.name} may mislead. Run \`socbot train\` to refresh the model.\n`,
    );
  }
  const predictions = await score(model, test.items, progress);
  const source = { corpus: null, model: modelFile, testSet: test.name, crossValidationFolds: null };
  return evaluationOutput(computeMetrics(predictions), source, null);
}

/** Default: train on the corpus, score `--test` or the corpus's own held-out phrases. */
async function freshModel(
  corpusPath: string,
  options: EvaluateOptions,
  deps: CliDeps,
  progress: ProgressReporter,
): Promise<EvaluationOutput> {
  const corpus = loadCorpusChecked(corpusPath, options, deps);
  const test = testSetFor(options, deps, corpus, corpusPath);
  const model = await deps.nlu.trainModel(corpus, { onProgress: (p) => progress.update(p) });
  const predictions = await score(model, test.items, progress);
  const source = { corpus: corpusPath, model: null, testSet: test.name, crossValidationFolds: null };
  return evaluationOutput(computeMetrics(predictions), source, model.meta.trainMs);
}

function score(model: TrainedModel, testSet: readonly LabeledUtterance[], progress: ProgressReporter) {
  return scoreTestSet(model, testSet, (done, total) => progress.update({ phase: 'Scoring', done, total }));
}

interface TestSet {
  name: string;
  items: LabeledUtterance[];
  /** The corpus whose held-out phrases these are, when they are. */
  corpus: Corpus | null;
}

/** `--test FILE`, or else the held-out phrases of the corpus trained on (or of the configured corpus). */
function testSetFor(
  options: EvaluateOptions,
  deps: CliDeps,
  trained: Corpus | null,
  corpusPath: string,
): TestSet {
  let result: TestSet;
  if (options.test !== undefined) {
    const file = path.resolve(options.test);
    result = { name: file, items: deps.nlu.loadTestSet(file), corpus: null };
  } else {
    const corpus = trained ?? loadCorpusChecked(corpusPath, options, deps);
    result = { name: `held-out phrases of ${corpusPath}`, items: deps.nlu.heldOutSet(corpus), corpus };
  }
  if (result.items.length === 0) {
    throw new SocbotError(
      'TEST_SET_INVALID',
      `There is nothing to score: the ${result.name} has no test phrases. Add "tests" to the corpus intents or pass --test FILE.`,
      { testSet: result.name },
    );
  }
  return result;
}

/** Strict unless `--lenient`: then validation issues become one warning line instead of an error. */
function loadCorpusChecked(corpusPath: string, options: EvaluateOptions, deps: CliDeps): Corpus {
  const corpus = deps.nlu.loadCorpus(corpusPath, { strict: !options.lenient });
  const tolerated = corpus.warnings?.length ?? 0;
  if (tolerated > 0) {
    deps.io.stderr.write(
      `warning: ${tolerated} corpus issue(s) in ${corpusPath} tolerated because of --lenient; run \`socbot train\` to list them.\n`,
    );
  }
  return corpus;
}

function reportInput(output: EvaluationOutput, generatedAt: Date): Parameters<typeof renderReportHtml>[0] {
  const { source } = output;
  const sourceRows: Record<string, string> = {};
  if (source.corpus) sourceRows.Corpus = source.corpus;
  if (source.model) sourceRows.Model = source.model;
  sourceRows['Test set'] = source.testSet;
  if (source.crossValidationFolds)
    sourceRows['Cross-validation'] = `${source.crossValidationFolds} folds, means shown`;
  return { metrics: output, source: sourceRows, trainMs: output.trainMs, generatedAt };
}

function parseFoldCount(value: string): number {
  const k = Number(value);
  if (!/^\d+$/.test(value) || k < 2) {
    throw new SocbotError('USAGE', `--cross-validate needs a whole number of folds >= 2, got "${value}".`, {
      value,
    });
  }
  return k;
}
