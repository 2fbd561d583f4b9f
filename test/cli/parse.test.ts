import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MAX_LINE_CHARS } from '../../src/cli/commands/parse';
import { fakeNlu } from './fake-nlu';
import { runCli } from './run-cli';

const CORPUS = path.join(__dirname, '../fixtures/cli/corpus');

describe('socbot parse (fake model)', () => {
  let dir: string;
  let model: string;
  const nlu = fakeNlu();
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-parse-'));
    model = path.join(dir, 'm.json');
    expect((await runCli(['train', '--corpus', CORPUS, '--out', model], { nlu })).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json prints one object per non-blank input line', async () => {
    const run = await runCli(['parse', '--model', model, '--json'], {
      nlu,
      stdin: 'register alert 4711 on PRD\n\n   \nblock terminal PC-1\r\nwhat is the weather',
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects[0]).toEqual({
      text: 'register alert 4711 on PRD',
      intent: 'alert.register',
      score: expect.any(Number),
      entities: [{ entity: 'alertId', value: '4711' }],
    });
    expect(objects[1]).toMatchObject({ text: 'block terminal PC-1', intent: 'terminal.block', entities: [] });
    expect(objects[2]).toMatchObject({ text: 'what is the weather', intent: 'None' });
  });

  it('prints a readable line per utterance without --json', async () => {
    const run = await runCli(['parse', '--model', model], { nlu, stdin: 'register alert 4711 on PRD\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^alert\.register \d\.\d\d {2}alertId=4711 {2}\| register alert 4711 on PRD\n$/,
    );
  });

  it('cuts a huge line to the maximum and says so on stderr', async () => {
    const huge = 'block terminal '.repeat(100_000);
    const stdin = Readable.from([huge.slice(0, 70_000), huge.slice(70_000), '\nhelp\n']);
    const run = await runCli(['parse', '--model', model, '--json'], { nlu, stdin });
    expect(run.code).toBe(0);
    const objects = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { text: string });
    expect(objects).toHaveLength(2);
    expect(objects[0]?.text).toHaveLength(MAX_LINE_CHARS);
    expect(objects[1]?.text).toBe('help');
    expect(run.stderr).toContain(
      `warning: line 1 has ${huge.length} characters; only the first ${MAX_LINE_CHARS}`,
    );
  });

  it('reports a line the model fails on, with its number, parses the rest and exits 1', async () => {
    const failing = fakeNlu();
    const loadModel = failing.loadModel;
    failing.loadModel = async (file) => {
      const loaded = await loadModel(file);
      return {
        ...loaded,
        recognize: async (text) => {
          // As @nlpjs/ner did for "constructor" (issue 12 item 6): any recognizer failure.
          if (text.includes('constructor'))
            throw new TypeError("Cannot read properties of undefined (reading 'option')");
          return loaded.recognize(text);
        },
      };
    };
    const run = await runCli(['parse', '--model', model, '--json'], {
      nlu: failing,
      stdin: 'register alert 4711\nthe constructor of PC-1\n\nhelp\nconstructor again\nblock terminal PC-1\n',
    });
    expect(run.code).toBe(1);
    const texts = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { text: string }).text);
    expect(texts).toEqual(['register alert 4711', 'help', 'block terminal PC-1']);
    const problems = run.stderr.trimEnd().split('\n');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^error: line 2 was not parsed \[INTERNAL\]: /);
    expect(problems[1]).toMatch(/^error: line 5 was not parsed \[INTERNAL\]: /);
    expect(problems[2]).toMatch(/^error \[INTERNAL\]: 2 of 5 lines were not parsed \(lines 2, 5\)/);
  });

  it('explains how to create a model when there is none, exit code 2', async () => {
    const missing = path.join(dir, 'none.model.json');
    const run = await runCli(['parse'], { nlu, env: { SOCBOT_MODEL: missing }, stdin: 'help\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error \[MODEL_NOT_FOUND\]: /);
    expect(run.stderr).toContain(missing);
    expect(run.stderr).toContain('socbot train');
    expect(run.stdout).toBe('');
  });
});
