import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli';

/**
 * The real corpus loader, trainer and model file behind the CLI (no injected services), on a tiny
 * fixture corpus: 4 intents and None, 8 utterances each, 2 held-out tests each.
 */
const FIXTURES = path.join(__dirname, '../fixtures/cli');
const CORPUS = path.join(FIXTURES, 'corpus');
const INTENTS = ['None', 'alert.register', 'basis.notify', 'help', 'terminal.block'];

describe('socbot with the real NLU', () => {
  let dir: string;
  let model: string;
  let trainRun: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-e2e-'));
    model = path.join(dir, 'models', 'socbot.model.json');
    trainRun = await runCli(['train', '--corpus', CORPUS, '--out', model]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('train writes a loadable model file and prints the summary', () => {
    expect(trainRun.stderr).not.toMatch(/^error/m);
    expect(trainRun.code).toBe(0);
    expect(fs.existsSync(model)).toBe(true);
    expect(trainRun.stdout).toMatch(/intents\s+5\n/);
    expect(trainRun.stdout).toMatch(/utterances\s+40\n/);
    expect(trainRun.stdout).toMatch(/threshold\s+0\.\d{3}\n/);
    expect(trainRun.stdout).toMatch(/corpus hash\s+[0-9a-f]{64}\n/);
  });

  it('evaluate --json trains on the corpus and scores its held-out phrases', async () => {
    const report = path.join(dir, 'report.html');
    const run = await runCli(['evaluate', '--corpus', CORPUS, '--json', '--report', report]);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result.count).toBe(10);
    for (const key of ['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall']) {
      expect(result[key]).toBeGreaterThanOrEqual(0);
      expect(result[key]).toBeLessThanOrEqual(1);
    }
    // The fixture's intents are far apart: a floor far above chance (0.2) catches a pipeline that
    // scores against the wrong labels, without pinning the model's exact quality.
    expect(result.accuracy).toBeGreaterThanOrEqual(0.6);
    expect(result.trainMs).toEqual(expect.any(Number));
    expect(
      Object.keys(result.perIntent as object)
        .filter((i) => INTENTS.includes(i))
        .sort(),
    ).toEqual(INTENTS);
    expect(fs.readFileSync(report, 'utf8')).toContain('<table class="heatmap">');
  });

  it('evaluate scores a saved model on a test file', async () => {
    const run = await runCli([
      'evaluate',
      '--model',
      model,
      '--test',
      path.join(FIXTURES, 'test-set.json'),
      '--json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ count: 10, trainMs: null });
  });

  it('parse recognises each stdin line with the saved model', async () => {
    const run = await runCli(['parse', '--model', model, '--json'], {
      stdin: 'ETD raised alert 4711 on PRD\nblock terminal PC-0815 now\n',
    });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(INTENTS).toContain(line.intent);
      expect(line.score).toBeGreaterThanOrEqual(0);
      expect(line.score).toBeLessThanOrEqual(1);
      expect(Array.isArray(line.entities)).toBe(true);
    }
    expect(lines[0]?.text).toBe('ETD raised alert 4711 on PRD');
  });

  it('parse --json shows indicators, refanged, with hash kind, address range and the dropped count', async () => {
    // The fixture corpus with the project's entity definitions, so the model extracts entities.
    const corpus = path.join(dir, 'corpus-with-entities');
    fs.mkdirSync(corpus);
    fs.copyFileSync(path.join(CORPUS, 'soc.en.json'), path.join(corpus, 'soc.en.json'));
    fs.copyFileSync(path.join(__dirname, '../../corpus/entities.json'), path.join(corpus, 'entities.json'));
    const withEntities = path.join(dir, 'models', 'with-entities.model.json');
    expect((await runCli(['train', '--corpus', corpus, '--out', withEntities])).code).toBe(0);
    const elevenIps = Array.from({ length: 11 }, (_, i) => `198.51.100.${i + 1}`).join(' ');
    const run = await runCli(['parse', '--model', withEntities, '--json'], {
      stdin: `vtip 1.2.3[.]4 and evil[.]com\nvthash 44D88612FEA8A8F36DE82E1278ABB02F from 10.1.2.3\ncheck ${elevenIps}\n`,
    });
    expect(run.code).toBe(0);
    const [first, second, third] = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first?.entities).toEqual([
      { entity: 'ip', value: '1.2.3.4' },
      { entity: 'domain', value: 'evil.com' },
    ]);
    expect(second?.entities).toEqual([
      { entity: 'hash', value: '44d88612fea8a8f36de82e1278abb02f', hashKind: 'md5' },
      { entity: 'ip', value: '10.1.2.3', addressRange: 'private' },
      { entity: 'terminal', value: '10.1.2.3' },
    ]);
    expect(third?.entities).toHaveLength(10);
    expect(third?.droppedIndicators).toBe(1);
    expect(first).not.toHaveProperty('droppedIndicators');
  });

  it('a corrupt model file is reported as MODEL_INVALID, exit 1', async () => {
    const corrupt = path.join(dir, 'corrupt.model.json');
    fs.writeFileSync(corrupt, '{ "formatVersion": ');
    const run = await runCli(['parse', '--model', corrupt], { stdin: 'help\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[MODEL_INVALID\]: /);
    expect(run.stderr).toContain(corrupt);
  });
});
