import fs from 'node:fs';
import path from 'node:path';

/** A benchmark: train on one file, score on another; `trainInScopeOnly` drops `None` from training. */
export interface BenchDataset {
  name: string;
  /** Several train/test pairs are scored separately and their predictions pooled (Braun's "overall"). */
  parts: { train: string; test: string }[];
  trainInScopeOnly: boolean;
  targets: { accuracy?: number; inScopeAccuracy?: number; oosRecall?: number };
}

export const BENCH_DATA_DIR =
  process.env.SOCBOT_BENCH_DATA ?? path.resolve(__dirname, '../../shared/bench-data');

const part = (name: string, test: 'test' | 'dev'): { train: string; test: string } => ({
  train: `${name}.train.json`,
  test: `${name}.${test}.json`,
});

/** The public corpora of ../shared/bench-data and the targets socbot is held to on each. */
export const BENCH_DATASETS: BenchDataset[] = [
  {
    name: 'braun',
    parts: [
      part('braun-chatbot', 'test'),
      part('braun-askubuntu', 'test'),
      part('braun-webapplications', 'test'),
    ],
    trainInScopeOnly: false,
    targets: { accuracy: 0.94 },
  },
  { name: 'snips', parts: [part('snips', 'test')], trainInScopeOnly: false, targets: { accuracy: 0.98 } },
  { name: 'hwu64', parts: [part('hwu64', 'dev')], trainInScopeOnly: false, targets: { accuracy: 0.87 } },
  {
    name: 'banking77',
    parts: [part('banking77', 'dev')],
    trainInScopeOnly: false,
    targets: { accuracy: 0.87 },
  },
  {
    name: 'clinc150',
    parts: [part('clinc150', 'dev')],
    trainInScopeOnly: true,
    targets: { inScopeAccuracy: 0.9, oosRecall: 0.4 },
  },
];

/** The files of `names` (the datasets, plus 'speed' for the latency run) that are not in BENCH_DATA_DIR. */
export function missingBenchFiles(names: readonly string[]): string[] {
  const needed = BENCH_DATASETS.filter((d) => names.includes(d.name)).flatMap((d) =>
    d.parts.flatMap((p) => [p.train, p.test]),
  );
  if (names.includes('speed')) needed.push('clinc150.train.json', 'clinc150.dev.json');
  return [...new Set(needed)].filter((file) => !fs.existsSync(path.join(BENCH_DATA_DIR, file)));
}

/** What to do when the public corpora are missing: they are optional inputs, not part of the repository. */
export function missingBenchDataMessage(missing: readonly string[]): string {
  return (
    `The public benchmark corpora are not in ${BENCH_DATA_DIR} (missing: ${missing.join(', ')}). ` +
    'They are not part of the repository (their licences differ): put the NLP.js-format files there, ' +
    'or set SOCBOT_BENCH_DATA to the directory that holds them, or run `npx tsx bench/nlu.ts --only soc` ' +
    'to measure the SOC corpus alone.'
  );
}
