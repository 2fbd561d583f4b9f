import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fakeNlu } from './fake-nlu';
import { runCli } from './run-cli';

const FIXTURE_CORPUS = path.join(__dirname, '../fixtures/cli/corpus');
const PROJECT_CORPUS = path.join(__dirname, '../../corpus');

describe('socbot train (fake trainer)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-train-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the model where --out says and prints a summary, progress on stderr', async () => {
    const out = path.join(dir, 'nested', 'm.json');
    const nlu = fakeNlu();
    const run = await runCli(['train', '--corpus', FIXTURE_CORPUS, '--out', out], { nlu });
    expect(run.code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    expect(nlu.trainedCorpora[0]?.name).toBe('cli fixture');
    expect(run.stdout).toMatch(/intents\s+5\n/);
    expect(run.stdout).toMatch(/utterances\s+40\n/);
    expect(run.stdout).toContain(out);
    expect(run.stdout).toContain(nlu.trainedCorpora[0]?.hash);
    // Not a TTY: plain progress lines, not bar escape codes.
    expect(run.stderr).toContain('Training: 2/2\n');
    expect(run.stderr).not.toContain('\u001b');
  });

  it('takes the corpus and model paths from SOCBOT_CORPUS and SOCBOT_MODEL', async () => {
    const out = path.join(dir, 'from-env.json');
    const run = await runCli(['train'], {
      nlu: fakeNlu(),
      env: { SOCBOT_CORPUS: FIXTURE_CORPUS, SOCBOT_MODEL: out },
    });
    expect(run.code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
  });

  it('writes the model but warns when an installed skill is started by an intent this corpus lacks', async () => {
    // The fixture corpus names its intents its own way: no installed skill's trigger intent is among them.
    const out = path.join(dir, 'm.json');
    const run = await runCli(['train', '--corpus', FIXTURE_CORPUS, '--out', out], { nlu: fakeNlu() });
    expect(run.code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    expect(run.stderr).toMatch(/^warning \[SKILLS_INCONSISTENT\]: The skills do not match the corpus/m);
    expect(run.stderr).toContain('`socbot serve` and `socbot chat` refuse to start until this is fixed.');
  });

  it('trains without a warning when the skills match the corpus', async () => {
    const run = await runCli(['train', '--corpus', PROJECT_CORPUS, '--out', path.join(dir, 'p.json')], {
      nlu: fakeNlu(),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('warning');
  });
});
