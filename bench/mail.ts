/**
 * Mail classification benchmark (issue 17): the mail model trained on corpus/mail/ and scored on its
 * held-out tests: accuracy and per-category precision/recall/F1, the model's coverage and accuracy
 * at the threshold, the cascade (model ≥ threshold, else keywords, else `other`) and keywords alone.
 *
 *   npx tsx bench/mail.ts                    # corpus/mail, threshold 0.8
 *   npx tsx bench/mail.ts --corpus DIR --threshold 0.7 --json out.json
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKeywordRules } from '../src/mail/classification/load-keyword-rules';
import { MailCascade } from '../src/mail/classification/mail-cascade';
import { DEFAULT_MAIL_CATEGORY } from '../src/mail/classification/mail-classification';
import {
  corpusUtteranceAsMail,
  loadMailCorpus,
  mailCategoryOf,
  MAIL_KEYWORDS_FILE,
  ruleCategoriesOf,
} from '../src/mail/classification/mail-corpus';
import { classifiedText } from '../src/mail/mail-message';
import { DEFAULT_MAIL_THRESHOLD } from '../src/mail/mail-settings';
import { heldOutSet } from '../src/nlu/corpus';
import { computeMetrics, type ScoredPrediction } from '../src/nlu/evaluation/metrics';
import { trainModel } from '../src/nlu/train-model';

const args = process.argv.slice(2);
const corpusPath = path.resolve(optionValue('--corpus') ?? 'corpus/mail');
const threshold = Number(optionValue('--threshold') ?? DEFAULT_MAIL_THRESHOLD);
const jsonOut = optionValue('--json');
/** The cascade at other thresholds too: what moving MAIL_MODEL_THRESHOLD would do. */
const SWEEP = [0.5, 0.6, 0.7, 0.8, 0.9];

async function main(): Promise<void> {
  console.log(
    `# socbot mail benchmark — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores`,
  );
  const corpus = loadMailCorpus(corpusPath);
  const rules = loadKeywordRules(path.join(corpusPath, MAIL_KEYWORDS_FILE), ruleCategoriesOf(corpus));
  const started = performance.now();
  const model = await trainModel(corpus);
  const trainMs = Math.round(performance.now() - started);
  const tests = heldOutSet(corpus).map((test) => ({ ...test, mail: corpusUtteranceAsMail(test.utterance) }));
  console.log(
    `corpus ${corpusPath}: ${model.meta.trainingUtterances} training utterances, ${tests.length} held-out tests; trained in ${trainMs} ms`,
  );

  // The model alone: its best class, None included.
  const ranked = await Promise.all(
    tests.map(async (test) => (await model.rank(classifiedText(test.mail)))[0]!),
  );
  const predictions: ScoredPrediction[] = tests.map((test, i) => ({
    text: test.utterance,
    gold: test.intent,
    predicted: ranked[i]!.intent,
    score: ranked[i]!.score,
  }));
  const metrics = computeMetrics(predictions);
  console.log(
    `\n## The model alone (best class)\naccuracy ${pct(metrics.accuracy)}, macro-F1 ${pct(metrics.macroF1)}\n`,
  );
  console.log('| category | precision | recall | F1 | tests |\n|---|---|---|---|---|');
  for (const [intent, m] of Object.entries(metrics.perIntent).sort()) {
    console.log(
      `| ${mailCategoryOf(intent)} | ${pct(m.precision)} | ${pct(m.recall)} | ${pct(m.f1)} | ${m.support} |`,
    );
  }

  const covered = predictions.filter((p) => p.score >= threshold);
  const coveredRight = covered.filter((p) => p.predicted === p.gold).length;
  console.log(
    `\n## The model at the threshold ${threshold}\ncoverage ${pct(covered.length / tests.length)} (${covered.length}/${tests.length}), accuracy on those ${pct(coveredRight / Math.max(1, covered.length))}`,
  );

  const keywordRight = tests.filter(
    (test) =>
      (rules.match(classifiedText(test.mail))?.category ?? DEFAULT_MAIL_CATEGORY) ===
      mailCategoryOf(test.intent),
  ).length;
  console.log(`\n## Keywords alone (no match → other)\naccuracy ${pct(keywordRight / tests.length)}`);

  console.log(
    '\n## The cascade\n| threshold | accuracy | via model | via keywords | via default |\n|---|---|---|---|---|',
  );
  const sweep: Array<{ threshold: number; accuracy: number; via: Record<string, number> }> = [];
  for (const t of [...new Set([...SWEEP, threshold])].sort()) {
    const cascade = new MailCascade(model, rules, t);
    const via: Record<string, number> = { model: 0, keywords: 0, default: 0 };
    let right = 0;
    for (const test of tests) {
      const result = await cascade.classify(test.mail);
      via[result.via] = (via[result.via] ?? 0) + 1;
      if (result.category === mailCategoryOf(test.intent)) right++;
    }
    sweep.push({ threshold: t, accuracy: right / tests.length, via });
    console.log(
      `| ${t}${t === threshold ? ' (used)' : ''} | ${pct(right / tests.length)} | ${via.model} | ${via.keywords} | ${via.default} |`,
    );
  }
  if (jsonOut) {
    const figures = {
      corpus: corpusPath,
      tests: tests.length,
      trainMs,
      model: { accuracy: metrics.accuracy, macroF1: metrics.macroF1, perCategory: metrics.perIntent },
      atThreshold: {
        threshold,
        coverage: covered.length / tests.length,
        accuracy: coveredRight / Math.max(1, covered.length),
      },
      keywordsOnly: { accuracy: keywordRight / tests.length },
      cascade: sweep,
    };
    fs.writeFileSync(jsonOut, `${JSON.stringify(figures, null, 2)}\n`);
  }
}

function pct(ratio: number): string {
  return ratio.toFixed(3);
}

function optionValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
