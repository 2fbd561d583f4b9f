import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fakeNlu } from './fake-nlu';
import { runCli } from './run-cli';

describe('socbot errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-errors-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['train', 'evaluate'])(
    '%s: a missing corpus exits 1 naming the path, without a stack trace',
    async (command) => {
      const missing = path.join(dir, 'no-such-corpus');
      const run = await runCli([command, '--corpus', missing], { nlu: fakeNlu() });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error \[CORPUS_NOT_FOUND\]: /);
      expect(run.stderr).toContain(missing);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    },
  );

  it.each(['train', 'evaluate'])(
    '%s: a corrupt corpus file exits 1 naming the file and line',
    async (command) => {
      const file = path.join(dir, 'soc.en.json');
      fs.writeFileSync(file, '{\n  "locale": "en-US",\n  "data": [ { "intent": "help" \n');
      const run = await runCli([command, '--corpus', file], { nlu: fakeNlu() });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error \[CORPUS_INVALID_JSON\]: /);
      expect(run.stderr).toContain(`${file}:`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('an invalid corpus (same utterance under two intents) names the intent and utterance', async () => {
    const file = path.join(dir, 'dup.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        locale: 'en-US',
        data: [
          { intent: 'a', utterances: ['block terminal now'] },
          { intent: 'b', utterances: ['block terminal now'] },
        ],
      }),
    );
    const run = await runCli(['train', '--corpus', file], { nlu: fakeNlu() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[CORPUS_INVALID\]: /);
    expect(run.stderr).toContain('block terminal now');
  });

  it('an unknown option is a usage error: exit 2 with a hint', async () => {
    const run = await runCli(['train', '--no-such-option'], { nlu: fakeNlu() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--no-such-option'");
    expect(run.stderr).toContain('--help');
  });

  it('conflicting options are a usage error', async () => {
    const run = await runCli(['evaluate', '--corpus', dir, '--model', 'x.json'], { nlu: fakeNlu() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be used with/);
  });

  it('a bad fold count is a usage error with the code', async () => {
    const run = await runCli(['evaluate', '--cross-validate', 'three'], { nlu: fakeNlu() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error \[USAGE\]: --cross-validate needs a whole number/);
  });

  it('a bad environment value is reported as CONFIG_INVALID', async () => {
    const run = await runCli(['train'], { nlu: fakeNlu(), env: { PORT: 'not-a-port' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[CONFIG_INVALID\]: .*PORT/);
  });

  it('an unexpected error is reported as INTERNAL, still without a stack trace', async () => {
    const nlu = {
      ...fakeNlu(),
      loadCorpus: () => {
        throw new TypeError('kaboom');
      },
    };
    const run = await runCli(['train'], { nlu });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[INTERNAL\]: Unexpected error: kaboom/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('no command at all prints the usage on stderr and exits 2', async () => {
    const run = await runCli([], { nlu: fakeNlu() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: socbot');
  });

  it('--help prints usage on stdout and exits 0', async () => {
    const run = await runCli(['--help'], { nlu: fakeNlu() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/train.*\n.*evaluate.*\n.*parse/s);
  });
});
