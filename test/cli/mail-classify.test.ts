import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli';

const MAIL_CORPUS = path.join(__dirname, '../fixtures/mail-corpus');
const PARSED = path.join(__dirname, '../fixtures/mail');
const OWN = path.join(__dirname, '../fixtures/mail-classify');

describe('socbot mail classify (a mail model trained on test/fixtures/mail-corpus)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-mail-classify-'));
    env = { MAIL_CORPUS: MAIL_CORPUS, MAIL_MODEL: path.join(dir, 'mail.model.json') };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains the missing model first (saying so on stderr), then prints one line per mail', async () => {
    const files = [path.join(OWN, 'lost-laptop.eml'), path.join(OWN, 'ip-question.eml')];
    const first = await runCli(['mail', 'classify', ...files], { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      `No mail model at ${env.MAIL_MODEL}: training one from the mail corpus at ${MAIL_CORPUS}…`,
    );
    expect(first.stderr).toContain(`Saved the mail model to ${env.MAIL_MODEL}.`);
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${escape(files[0]!)}  lost-device  model  0\\.\\d{4}$`));
    expect(lines[1]).toMatch(new RegExp(`^${escape(files[1]!)}  enrichment  (model|keywords)  0\\.\\d{4}$`));

    const second = await runCli(['mail', 'classify', files[0]!], { env });
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toBe(lines[0] + '\n');
  });

  it('--json prints one object per mail; a forward is classified by its original', async () => {
    const files = [path.join(PARSED, 'forward-gmail-phishing.eml'), path.join(PARSED, 'plain.eml')];
    const run = await runCli(['mail', 'classify', '--json', ...files], { env });
    expect(run.code).toBe(0);
    const objects = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects).toHaveLength(2);
    for (const [i, object] of objects.entries()) {
      expect(Object.keys(object)).toEqual(['file', 'category', 'via', 'score']);
      expect(object.file).toBe(files[i]);
      expect(['phishing', 'lost-device', 'enrichment', 'other']).toContain(object.category);
      expect(['model', 'keywords', 'default']).toContain(object.via);
      expect(object.score).toEqual(expect.any(Number));
    }
    expect(objects[0]?.category).toBe('phishing');
  });

  it('reports a file it cannot read or parse on stderr, classifies the rest and exits 1', async () => {
    const good = path.join(OWN, 'lost-laptop.eml');
    const malformed = path.join(PARSED, 'malformed-no-header.eml');
    const missing = path.join(dir, 'nowhere.eml');
    const run = await runCli(['mail', 'classify', malformed, good, missing], { env });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/lost-laptop\.eml {2}lost-device {2}/),
    ]);
    expect(run.stderr).toMatch(new RegExp(`${escape(malformed)}: error \\[MAIL_UNREADABLE\\]: `));
    expect(run.stderr).toMatch(new RegExp(`${escape(missing)}: error \\[INPUT_INVALID\\]: .*Check the path`));
    expect(run.stderr).toContain('error [INPUT_INVALID]: 2 of 3 mail file(s) could not be classified');
  });

  it('refuses broken keyword rules before training, naming the file', async () => {
    const corpus = path.join(dir, 'corpus');
    fs.cpSync(MAIL_CORPUS, corpus, { recursive: true });
    fs.writeFileSync(path.join(corpus, 'keywords.json'), '{ "rules": [ { "category": "phishing" } ] }');
    const run = await runCli(['mail', 'classify', path.join(OWN, 'lost-laptop.eml')], {
      env: { ...env, MAIL_CORPUS: corpus },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error [MAIL_KEYWORDS_INVALID]: The mail keyword rules in ${path.join(corpus, 'keywords.json')}`,
    );
    expect(run.stderr).toContain('rules[0].keywords:');
    expect(fs.existsSync(env.MAIL_MODEL!)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
