import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fakeNlu } from './fake-nlu';
import { runCli } from './run-cli';

const FIXTURES = path.join(__dirname, '../fixtures/cli');
const CORPUS = path.join(FIXTURES, 'corpus');
const TEST_SET = path.join(FIXTURES, 'test-set.json');

/** Parses stdout that must be exactly one JSON object (one line). */
function onlyJsonObject(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const value: unknown = JSON.parse(lines[0] ?? '');
  expect(value).toEqual(expect.any(Object));
  return value as Record<string, unknown>;
}

function expectRatio(value: unknown): void {
  expect(typeof value).toBe('number');
  expect(value as number).toBeGreaterThanOrEqual(0);
  expect(value as number).toBeLessThanOrEqual(1);
}

describe('socbot evaluate (fake model)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-evaluate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json prints one object with the metrics of the held-out phrases', async () => {
    const run = await runCli(['evaluate', '--corpus', CORPUS, '--json'], { nlu: fakeNlu() });
    expect(run.code).toBe(0);
    const result = onlyJsonObject(run.stdout);
    for (const key of ['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'oosFalseAcceptRate']) {
      expectRatio(result[key]);
    }
    expect(result.count).toBe(10);
    expect(result.trainMs).toBe(12);
    expect(Object.keys(result.perIntent as object).sort()).toEqual([
      'None',
      'alert.register',
      'basis.notify',
      'help',
      'terminal.block',
    ]);
    for (const m of Object.values(result.perIntent as Record<string, Record<string, number>>)) {
      expectRatio(m.precision);
      expectRatio(m.recall);
      expectRatio(m.f1);
      expect(m.support).toBe(2);
    }
    expect(Array.isArray(result.confusions)).toBe(true);
    // Progress goes to stderr so stdout stays parseable.
    expect(run.stderr).toContain('Scoring: 10/10');
  });

  it('scores a --test file against a saved --model and reports no training time', async () => {
    const model = path.join(dir, 'm.json');
    const nlu = fakeNlu();
    expect((await runCli(['train', '--corpus', CORPUS, '--out', model], { nlu })).code).toBe(0);
    const run = await runCli(['evaluate', '--model', model, '--test', TEST_SET, '--json'], { nlu });
    expect(run.code).toBe(0);
    const result = onlyJsonObject(run.stdout);
    expect(result.trainMs).toBeNull();
    expect(result.count).toBe(10);
    expect(result.source).toMatchObject({ model, testSet: TEST_SET, corpus: null });
  });

  it('--model without --test scores the held-out phrases of the configured corpus', async () => {
    const model = path.join(dir, 'm.json');
    const nlu = fakeNlu();
    await runCli(['train', '--corpus', CORPUS, '--out', model], { nlu });
    const run = await runCli(['evaluate', '--model', model, '--json'], {
      nlu,
      env: { SOCBOT_CORPUS: CORPUS },
    });
    expect(run.code).toBe(0);
    expect(onlyJsonObject(run.stdout).source).toMatchObject({ testSet: `held-out phrases of ${CORPUS}` });
    expect(run.stderr).not.toContain('warning');
  });

  it('warns when the saved model was trained on another version of the corpus', async () => {
    const model = path.join(dir, 'm.json');
    const nlu = fakeNlu();
    await runCli(['train', '--corpus', CORPUS, '--out', model], { nlu });
    const changed = path.join(dir, 'changed.json');
    const original = JSON.parse(fs.readFileSync(path.join(CORPUS, 'soc.en.json'), 'utf8')) as {
      data: { utterances: string[] }[];
    };
    original.data[0]?.utterances.push('a brand new alert phrasing');
    fs.writeFileSync(changed, JSON.stringify(original));
    const run = await runCli(['evaluate', '--model', model, '--json'], {
      nlu,
      env: { SOCBOT_CORPUS: changed },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: the corpus changed since ${model} was trained`);
    onlyJsonObject(run.stdout);
  });

  it('--cross-validate K trains K fold models and averages their metrics', async () => {
    const nlu = fakeNlu();
    const run = await runCli(['evaluate', '--corpus', CORPUS, '--cross-validate', '4', '--json'], { nlu });
    expect(run.code).toBe(0);
    const result = onlyJsonObject(run.stdout);
    expect(nlu.trainedCorpora).toHaveLength(4);
    // Each fold trains on 3/4 of the 40 training utterances and never on held-out tests.
    expect(nlu.trainedCorpora.map((c) => c.intents.flatMap((i) => i.utterances).length)).toEqual([
      30, 30, 30, 30,
    ]);
    expect(nlu.trainedCorpora.every((c) => c.intents.every((i) => i.tests.length === 0))).toBe(true);
    expect(result.count).toBe(40);
    expect(result.folds).toHaveLength(4);
    const folds = result.folds as { accuracy: number }[];
    expect(result.accuracy).toBeCloseTo(folds.reduce((sum, f) => sum + f.accuracy, 0) / 4);
  });

  it('prints a readable summary without --json', async () => {
    const run = await runCli(['evaluate', '--corpus', CORPUS], { nlu: fakeNlu() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/accuracy\s+\d+\.\d %/);
    expect(run.stdout).toMatch(/macro-F1\s+\d+\.\d %/);
    expect(run.stdout).toMatch(/out-of-scope recall\s+\d+\.\d %/);
    expect(run.stdout).toMatch(/training time\s+12 ms/);
    expect(run.stdout).toMatch(/terminal\.block\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+2/);
    expect(run.stdout).toContain('Top confusions');
  });

  it('--report writes a self-contained HTML page with the heatmap and escaped misclassified text', async () => {
    const testSet = path.join(dir, 'tricky.json');
    fs.writeFileSync(
      testSet,
      JSON.stringify({
        locale: 'en-US',
        data: [
          { intent: 'terminal.block', utterances: ['<b>help</b> & "what can you do"'] },
          { intent: 'help', utterances: ['what can you do'] },
        ],
      }),
    );
    const report = path.join(dir, 'out', 'report.html');
    const run = await runCli(
      ['evaluate', '--corpus', CORPUS, '--test', testSet, '--json', '--report', report],
      {
        nlu: fakeNlu(),
      },
    );
    expect(run.code).toBe(0);
    onlyJsonObject(run.stdout);
    expect(run.stderr).toContain(`Report written to ${report}`);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toContain('<table class="heatmap">');
    expect(html).toContain('title="terminal.block → help: 1"');
    expect(html).toContain('&lt;b&gt;help&lt;/b&gt; &amp; &quot;what can you do&quot;');
    expect(html).not.toContain('<b>help</b>');
  });

  it('--lenient evaluates a corpus with duplicates (public benchmarks) and says how many issues it tolerated', async () => {
    const corpus = path.join(dir, 'bench.train.json');
    fs.writeFileSync(
      corpus,
      JSON.stringify({
        locale: 'en-US',
        data: [
          { intent: 'help', utterances: ['help me', 'help me', 'what can you do'], tests: ['help please'] },
          { intent: 'None', utterances: ['order pizza'], tests: ['sing a song'] },
        ],
      }),
    );
    const strict = await runCli(['evaluate', '--corpus', corpus, '--json'], { nlu: fakeNlu() });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^error \[CORPUS_INVALID\]: .*help me/s);

    const lenient = await runCli(['evaluate', '--corpus', corpus, '--json', '--lenient'], { nlu: fakeNlu() });
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain(
      `warning: 1 corpus issue(s) in ${corpus} tolerated because of --lenient`,
    );
    expect(onlyJsonObject(lenient.stdout).count).toBe(2);
  });

  it('fails with TEST_SET_INVALID when there is nothing to score', async () => {
    const corpus = path.join(dir, 'no-tests.json');
    fs.writeFileSync(
      corpus,
      JSON.stringify({ locale: 'en-US', data: [{ intent: 'help', utterances: ['help'] }] }),
    );
    const run = await runCli(['evaluate', '--corpus', corpus], { nlu: fakeNlu() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[TEST_SET_INVALID\]: .*--test FILE/);
  });

  it('refuses --cross-validate with --model: a saved model cannot be re-trained per fold', async () => {
    const run = await runCli(['evaluate', '--model', 'm.json', '--cross-validate', '3'], { nlu: fakeNlu() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be used with/);
  });
});
