import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../src/nlu/corpus/load-corpus';
import { openDataStore } from '../../src/store/data-store';
import { REVIEW_FILE_NAME } from '../../src/store/review-queue';
import { runCli } from './run-cli';

const PROJECT_CORPUS = path.resolve(__dirname, '../../corpus');

/** `socbot review` with the chat's corrections: the intent the analyst meant is the proposed label. */
describe('socbot review of corrections', () => {
  let dir: string;
  let dataDir: string;
  let corpusDir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-review-corrections-'));
    dataDir = path.join(dir, 'data');
    corpusDir = path.join(dir, 'corpus');
    await cp(PROJECT_CORPUS, corpusDir, { recursive: true });
    env = { SOCBOT_DATA_DIR: dataDir, SOCBOT_CORPUS: corpusDir };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function utterancesOf(intent: string): string[] {
    return loadCorpus(corpusDir).intents.find((candidate) => candidate.intent === intent)?.utterances ?? [];
  }

  async function queueCorrection(text: string, correctIntent: string, source: 'correction' | 'suggestion') {
    const store = openDataStore(dataDir);
    const item = await store.reviews.add({
      text,
      intentGuess: 'alert_close',
      score: 0.98,
      alternatives: [{ intent: 'alert_reopen', score: 0.01 }],
      conversationId: 'c1',
      source,
      correctIntent,
    });
    await store.flush();
    return item;
  }

  it('lists the source and the proposed label, and reads a queue file from before corrections', async () => {
    await mkdir(dataDir, { recursive: true });
    const old = {
      items: [
        {
          id: 'old00001',
          text: 'lock that guy out',
          intentGuess: 'None',
          score: 0.3,
          alternatives: [],
          conversationId: 'c0',
          createdAt: '2026-11-01T10:00:00.000Z',
          status: 'pending',
        },
      ],
    };
    await writeFile(path.join(dataDir, REVIEW_FILE_NAME), JSON.stringify(old));
    const item = await queueCorrection('put SOC-2026-0001 back on the table', 'alert_reopen', 'correction');

    const { code, stdout } = await runCli(['review', '--list'], { env });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toMatch(/^\s*ID\s+SOURCE\s+GUESS\s+SCORE\s+PROPOSED\s+TEXT$/);
    expect(lines[2]).toMatch(/^\s*old00001\s+low-confidence\s+None\s+0\.30\s+-\s+lock that guy out$/);
    expect(lines[3]).toMatch(
      new RegExp(
        `^\\s*${item.id}\\s+correction\\s+alert_close\\s+0\\.98\\s+alert_reopen\\s+put SOC-2026-0001 back`,
      ),
    );
    const json = JSON.parse((await runCli(['review', '--list', '--json'], { env })).stdout) as unknown[];
    expect(json[1]).toMatchObject({ source: 'correction', correctIntent: 'alert_reopen' });
  });

  it('accepts the proposed label with one key (a, or Enter), and still takes another intent', async () => {
    await queueCorrection('put SOC-2026-0001 back on the table', 'alert_reopen', 'correction');
    await queueCorrection('what is still open on PRD right now', 'alert_list', 'suggestion');
    await queueCorrection('mark the one from yesterday as done', 'alert_reopen', 'correction');
    const { code, stdout } = await runCli(['review'], { env, stdin: 'a\n\nalert_close\n' });
    expect(code).toBe(0);
    expect(stdout).toContain('The analyst said they meant: alert_reopen. a or Enter accepts it.');
    expect(stdout).toContain('The analyst picked: alert_list. a or Enter accepts it.');
    expect(stdout).toContain('Done. Labelled 3.');
    expect(utterancesOf('alert_reopen')).toContain('put SOC-2026-0001 back on the table');
    expect(utterancesOf('alert_list')).toContain('what is still open on PRD right now');
    expect(utterancesOf('alert_close')).toContain('mark the one from yesterday as done');
    expect(utterancesOf('alert_reopen')).not.toContain('mark the one from yesterday as done');
    const labels = (await openDataStore(dataDir).reviews.list()).map((item) => item.label);
    expect(labels).toEqual(['alert_reopen', 'alert_list', 'alert_close']);
  });

  it('Enter on an item without a proposed label asks again', async () => {
    const store = openDataStore(dataDir);
    await store.reviews.add({
      text: 'lock that guy out',
      intentGuess: 'None',
      score: 0.3,
      alternatives: [],
      conversationId: 'c1',
    });
    await store.flush();
    const { stdout } = await runCli(['review'], { env, stdin: '\nq\n' });
    expect(stdout).not.toContain('The analyst');
    expect(stdout).toContain('"" is not an intent number or name');
    expect(stdout).toContain('Stopped. Labelled 0.');
  });

  it('--label ID without --intent uses the proposed label', async () => {
    const item = await queueCorrection('put SOC-2026-0001 back on the table', 'alert_reopen', 'correction');
    const { code, stdout } = await runCli(['review', '--label', item.id], { env });
    expect(code).toBe(0);
    expect(stdout).toContain('to intent alert_reopen');
    expect(utterancesOf('alert_reopen')).toContain('put SOC-2026-0001 back on the table');
  });
});
