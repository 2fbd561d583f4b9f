import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Explanation } from '../../src/nlu/explanation';
import { fakeNlu } from './fake-nlu';
import { runCli } from './run-cli';

const CORPUS = path.join(__dirname, '../fixtures/cli/corpus');

describe('socbot parse --explain (a model trained on the fixture corpus)', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-parse-explain-'));
    model = path.join(dir, 'm.json');
    expect((await runCli(['train', '--corpus', CORPUS, '--out', model])).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json adds the explanation object to each line', async () => {
    const run = await runCli(['parse', '--model', model, '--json', '--explain'], {
      stdin: 'please block terminal PC-0815\nnotify basis\n',
    });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { intent: string; explanation: Explanation });
    expect(lines).toHaveLength(2);
    const [block, basis] = lines;
    expect(block?.intent).toBe('terminal.block');
    expect(block?.explanation).toMatchObject({
      text: 'please block terminal PC-0815',
      intent: 'terminal.block',
      runnerUp: { intent: expect.any(String) },
      threshold: expect.any(Number),
      decided: true,
    });
    // "block" and "terminal" are words only terminal.block has in the corpus.
    expect(block?.explanation.forIntent.map((c) => c.label)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(block|termin)$/)]),
    );
    expect(basis?.explanation.intent).toBe('basis.notify');
    expect(basis?.explanation.forIntent.map((c) => c.label)).toContain('basi');
  });

  it('without --json prints the explanation under each result', async () => {
    const run = await runCli(['parse', '--model', model, '--explain'], { stdin: 'block terminal PC-1\n' });
    expect(run.code).toBe(0);
    const [result, why, forIt, against] = run.stdout.split('\n');
    expect(result).toMatch(/^terminal\.block \d\.\d\d {2}\| block terminal PC-1$/);
    expect(why).toMatch(
      /^ {2}why: terminal\.block \d\.\d\d \(threshold \d\.\d\d, decided\) rather than \S+ \d\.\d\d$/,
    );
    expect(forIt).toMatch(/^ {2}for: {5}.*\b(block|termin) \d\.\d\d/);
    expect(against).toMatch(/^ {2}against: /);
  });

  it('without --explain prints no explanation', async () => {
    const run = await runCli(['parse', '--model', model, '--json'], { stdin: 'block terminal PC-1\n' });
    expect(JSON.parse(run.stdout)).not.toHaveProperty('explanation');
  });

  it('fails with how to fix it when the model cannot explain', async () => {
    const nlu = fakeNlu();
    const fake = path.join(dir, 'fake.json');
    expect((await runCli(['train', '--corpus', CORPUS, '--out', fake], { nlu })).code).toBe(0);
    const run = await runCli(['parse', '--model', fake, '--explain'], { nlu, stdin: 'help\n' });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('MODEL_INVALID');
    expect(run.stderr).toContain('socbot train');
  });
});
