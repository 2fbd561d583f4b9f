import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertConsistent, checkConsistency } from '../../src/app/consistency-check';
import { readyModel } from '../../src/cli/ready-model';
import { isSocbotError, type SocbotError } from '../../src/errors';
import { loadCorpus } from '../../src/nlu/corpus';
import { loadSkillRegistry } from '../../src/skills/skill-registry';
import { fakeNlu } from '../cli/fake-nlu';
import { runCli } from '../cli/run-cli';

/**
 * A world of its own: a corpus with one intent (`phish.report`) and one entity (`terminal`), and a
 * skills folder written per test. Nothing here depends on the skills or the corpus socbot ships.
 */
let dir: string;
let corpusDir: string;
let skillsDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-consistency-'));
  corpusDir = path.join(dir, 'corpus');
  skillsDir = path.join(dir, 'skills');
  await mkdir(corpusDir, { recursive: true });
  await mkdir(skillsDir, { recursive: true });
  await writeCorpus(['report a phishing mail', 'I got a phishing e-mail', 'forward this phish to the SOC']);
  await writeFile(
    path.join(corpusDir, 'entities.json'),
    JSON.stringify({
      entities: { terminal: { regex: ['/\\b[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+\\b/g'] } },
    }),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeCorpus(phishUtterances: string[]): Promise<void> {
  await writeFile(
    path.join(corpusDir, 'phish.en.json'),
    JSON.stringify({
      name: 'consistency fixture',
      locale: 'en-US',
      data: [
        { intent: 'phish.report', utterances: phishUtterances, tests: ['report phishing please'] },
        {
          intent: 'None',
          utterances: ['what is the weather', 'tell me a joke'],
          tests: ['who won the game'],
        },
      ],
    }),
  );
}

async function writeSkill(
  name: string,
  manifest: { triggerIntents: string[]; slots?: Array<{ name: string; entity: string }> },
): Promise<string> {
  const folder = path.join(skillsDir, name);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'manifest.json');
  await writeFile(
    file,
    JSON.stringify({
      title: `do ${name}`,
      description: `does ${name}`,
      triggerIntents: manifest.triggerIntents,
      examples: [`please ${name}`],
      slots: (manifest.slots ?? []).map((slot) => ({
        ...slot,
        label: slot.name,
        prompt: `Which ${slot.name}?`,
        why: 'I need it.',
        example: 'PC-0815',
      })),
      confirmation: `Do ${name}?`,
    }),
  );
  await writeFile(path.join(folder, 'action.js'), "exports.act = async () => ({ text: 'done' });\n");
  return file;
}

async function check(model?: { corpusHash: string }) {
  const corpus = loadCorpus(corpusDir, { strict: true });
  const skills = await loadSkillRegistry(skillsDir);
  return checkConsistency({ skills: skills.skills, corpus, model });
}

function thrown(run: () => void): SocbotError {
  try {
    run();
  } catch (error) {
    if (isSocbotError(error)) return error;
    throw error;
  }
  throw new Error('expected a SocbotError');
}

describe('the start-up consistency check', () => {
  it('passes skills whose intents and entity types the corpus has', async () => {
    await writeSkill('report-phish', {
      triggerIntents: ['phish.report'],
      slots: [{ name: 'host', entity: 'terminal' }],
    });
    const report = await check();
    expect(report.problems).toEqual([]);
    expect(() => assertConsistent(report)).not.toThrow();
  });

  it('stops a skill whose trigger intent the corpus lacks, naming skill, intent, file and the fix', async () => {
    // The skill that would show up in "help" and never fire.
    const file = await writeSkill('quarantine-mail', { triggerIntents: ['mail.quarantine'] });
    const report = await check();
    const failure = thrown(() => assertConsistent(report));
    expect(failure.code).toBe('SKILLS_INCONSISTENT');
    expect(failure.details).toMatchObject({ skill: 'quarantine-mail', intent: 'mail.quarantine', file });
    expect(failure.message).toContain('skills/quarantine-mail is started by the intent "mail.quarantine"');
    expect(failure.message).toContain(file);
    expect(failure.message).toContain('Add "mail.quarantine" with example utterances to the corpus');
    expect(failure.message).toContain('change triggerIntents to one of: None, phish.report');
  });

  it('stops a slot whose entity type the corpus does not define', async () => {
    const file = await writeSkill('report-phish', {
      triggerIntents: ['phish.report'],
      slots: [{ name: 'sid', entity: 'system' }],
    });
    const report = await check();
    expect(report.problems).toEqual([
      expect.objectContaining({ skill: 'report-phish', slot: 'sid', entity: 'system', file }),
    ]);
    expect(report.problems[0]?.message).toContain('Define "system" (regex or options) under "entities"');
  });

  it('passes slots of the indicator types domain, url and hash, which are found in code, not by the corpus', async () => {
    await writeSkill('lookup-phish-link', {
      triggerIntents: ['phish.report'],
      slots: [
        { name: 'domain', entity: 'domain' },
        { name: 'link', entity: 'url' },
        { name: 'attachment', entity: 'hash' },
      ],
    });
    expect((await check()).problems).toEqual([]);
  });

  it('still wants a corpus definition for ip, which is the terminal too', async () => {
    await writeSkill('lookup-ip', {
      triggerIntents: ['phish.report'],
      slots: [{ name: 'ip', entity: 'ip' }],
    });
    expect((await check()).problems).toEqual([expect.objectContaining({ slot: 'ip', entity: 'ip' })]);
  });

  it('reports every problem of every skill at once', async () => {
    await writeSkill('a-skill', { triggerIntents: ['one.missing'] });
    await writeSkill('b-skill', { triggerIntents: ['phish.report', 'two.missing'] });
    const report = await check();
    expect(report.problems.map((problem) => [problem.skill, problem.intent])).toEqual([
      ['a-skill', 'one.missing'],
      ['b-skill', 'two.missing'],
    ]);
    const failure = thrown(() => assertConsistent(report));
    expect(failure.message).toMatch(
      /^The skills do not match the corpus \(2 problems\): .*one\.missing.*two\.missing/,
    );
    expect(failure.details.problems).toHaveLength(2);
  });

  it('tells a model trained on this corpus from one trained on another version', async () => {
    await writeSkill('report-phish', { triggerIntents: ['phish.report'] });
    const corpus = loadCorpus(corpusDir, { strict: true });
    expect((await check()).model).toBe('missing');
    expect((await check({ corpusHash: corpus.hash })).model).toBe('current');
    expect((await check({ corpusHash: 'an-older-corpus' })).model).toBe('stale');
  });
});

describe('readyModel (serve and chat, before the bot answers)', () => {
  const modelPath = (): string => path.join(dir, 'models', 'model.json');
  const lines: string[] = [];
  const ready = (nlu = fakeNlu()) =>
    readyModel({
      nlu,
      modelPath: modelPath(),
      corpusPath: corpusDir,
      skillsDir,
      report: (event) => lines.push(event.line),
    });
  beforeEach(async () => {
    lines.length = 0;
    await mkdir(path.join(dir, 'models'), { recursive: true });
    await writeSkill('report-phish', { triggerIntents: ['phish.report'] });
  });

  it('trains a model when there is none, and loads it as it is the next time', async () => {
    const nlu = fakeNlu();
    await ready(nlu);
    expect(lines[0]).toContain(`No model at ${modelPath()}`);
    expect(nlu.trainedCorpora).toHaveLength(1);
    lines.length = 0;
    await ready(nlu);
    expect(nlu.trainedCorpora).toHaveLength(1);
    expect(lines).toEqual([]);
  });

  it('retrains a model trained on an older corpus, and says so', async () => {
    const nlu = fakeNlu();
    await ready(nlu);
    await writeCorpus([
      'report a phishing mail',
      'I got a phishing e-mail',
      'a fake login page mail arrived',
    ]);
    lines.length = 0;
    const model = await ready(nlu);
    expect(lines[0]).toContain('was trained on another version of the corpus');
    expect(nlu.trainedCorpora).toHaveLength(2);
    expect(model.meta.corpusHash).toBe(loadCorpus(corpusDir, { strict: true }).hash);
    expect(await readFile(modelPath(), 'utf8')).toContain('a fake login page mail arrived');
  });

  it('stops before training when a skill does not match the corpus', async () => {
    await writeSkill('quarantine-mail', { triggerIntents: ['mail.quarantine'] });
    const nlu = fakeNlu();
    await expect(ready(nlu)).rejects.toMatchObject({
      code: 'SKILLS_INCONSISTENT',
      details: expect.objectContaining({ skill: 'quarantine-mail', intent: 'mail.quarantine' }),
    });
    expect(nlu.trainedCorpora).toEqual([]);
  });
});

describe('socbot serve', () => {
  it('refuses to start when an installed skill is started by an intent the corpus lacks', async () => {
    // The fixture corpus knows only phish.report: the skills of this installation are not in it.
    const run = await runCli(['serve'], {
      nlu: fakeNlu(),
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        SOCBOT_CORPUS: corpusDir,
        SOCBOT_MODEL: path.join(dir, 'model.json'),
        SOCBOT_DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'silent',
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[SKILLS_INCONSISTENT\]: The skills do not match the corpus/);
    expect(run.stderr).toContain('so the skill would never fire');
    expect(existsSync(path.join(dir, 'model.json'))).toBe(false);
  });
});
