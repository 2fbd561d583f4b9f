import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../../src/nlu/corpus/load-corpus';
import { openDataStore } from '../../../src/store/data-store';
import type { ReviewItem } from '../../../src/store/review-queue';
import { runCli } from '../../cli/run-cli';

const PROJECT_CORPUS = path.resolve(__dirname, '../../../corpus');

describe('socbot review', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let corpusDir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-review-cli-'));
    corpusDir = path.join(dir, 'corpus');
    await cp(PROJECT_CORPUS, corpusDir, { recursive: true });
    env = { SOCBOT_DATA_DIR: path.join(dir, 'data'), SOCBOT_CORPUS: corpusDir };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function queue(...texts: string[]): Promise<ReviewItem[]> {
    const store = openDataStore(path.join(dir, 'data'));
    const items: ReviewItem[] = [];
    for (const text of texts) {
      items.push(
        await store.reviews.add({
          text,
          intentGuess: 'None',
          score: 0.2,
          alternatives: [],
          conversationId: 'c1',
        }),
      );
    }
    return items;
  }

  async function utterancesOf(intent: string): Promise<string[]> {
    return loadCorpus(corpusDir).intents.find((candidate) => candidate.intent === intent)?.utterances ?? [];
  }

  it('lists the pending utterances as JSON', async () => {
    const [item] = await queue('lock that guy out');
    const { code, stdout } = await runCli(['review', '--list', '--json'], { env });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({ id: item?.id, text: 'lock that guy out', status: 'pending' }),
    ]);
    const readable = await runCli(['review', '--list'], { env });
    expect(readable.stdout).toContain('1 utterance(s) to review');
    expect(readable.stdout).toContain('lock that guy out');
  });

  it('labels an utterance into the corpus file of its intent, pretty-printed and still a valid corpus', async () => {
    const [item] = await queue('lock that guy out');
    const { code, stdout } = await runCli(['review', '--label', item?.id ?? '', '--intent', 'inform'], {
      env,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Added "lock that guy out" to intent inform in ${path.join(corpusDir, 'soc.en.json')}`,
    );
    expect(stdout).toContain('socbot train');
    expect(await utterancesOf('inform')).toContain('lock that guy out');
    const text = await readFile(path.join(corpusDir, 'soc.en.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(JSON.parse((await runCli(['review', '--list', '--json'], { env })).stdout)).toEqual([]);
    const [labelled] = await openDataStore(path.join(dir, 'data')).reviews.list();
    expect(labelled).toMatchObject({ status: 'labelled', label: 'inform' });
  });

  it('refuses an unknown intent, an unknown id and a phrase another intent owns, changing nothing', async () => {
    const [item] = await queue('lock that guy out', 'hello');
    const before = await readFile(path.join(corpusDir, 'soc.en.json'), 'utf8');

    const unknownIntent = await runCli(['review', '--label', item?.id ?? '', '--intent', 'blockUser'], {
      env,
    });
    expect(unknownIntent.code).toBe(2);
    expect(unknownIntent.stderr).toContain('has no intent "blockUser". Use one of:');
    expect(unknownIntent.stderr).toContain('inform');

    const unknownId = await runCli(['review', '--label', 'nope', '--intent', 'inform'], { env });
    expect(unknownId.code).toBe(2);
    expect(unknownId.stderr).toContain('No pending utterance with id "nope"');

    const missingIntent = await runCli(['review', '--label', item?.id ?? ''], { env });
    expect(missingIntent.code).toBe(2);

    const hello = (await openDataStore(path.join(dir, 'data')).reviews.list('pending'))[1];
    const owned = await runCli(['review', '--label', hello?.id ?? '', '--intent', 'inform'], { env });
    expect(owned.code).toBe(2);
    expect(owned.stderr).toContain('already an utterance of intent "greeting"');

    expect(await readFile(path.join(corpusDir, 'soc.en.json'), 'utf8')).toBe(before);
    expect(await openDataStore(path.join(dir, 'data')).reviews.list('pending')).toHaveLength(2);
  });

  it('dismisses an utterance without touching the corpus', async () => {
    const [item] = await queue('order a pizza');
    const { code, stdout } = await runCli(['review', '--dismiss', item?.id ?? ''], { env });
    expect(code).toBe(0);
    expect(stdout).toBe(`Dismissed ${item?.id}.\n`);
    expect(await openDataStore(path.join(dir, 'data')).reviews.list('pending')).toEqual([]);
  });

  it('labels interactively: by number, by name, with retries, dismiss and skip', async () => {
    await queue('lock that guy out', 'order a pizza', 'block the terminal right now', 'keep this one');
    const intents = loadCorpus(corpusDir)
      .intents.map((intent) => intent.intent)
      .sort();
    const informNumber = String(intents.indexOf('inform') + 1);
    const { code, stdout } = await runCli(['review'], {
      env,
      stdin: `${informNumber}\nd\nnot-an-intent\ninform\ns\n`,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`${intents.indexOf('inform') + 1}. inform`);
    expect(stdout).toContain('"not-an-intent" is not an intent number or name');
    expect(stdout).toContain('Done. Labelled 2. Run `socbot train` to retrain.');
    expect(await utterancesOf('inform')).toEqual(
      expect.arrayContaining(['lock that guy out', 'block the terminal right now']),
    );
    expect(await utterancesOf('None')).not.toContain('order a pizza');
    const pending = await openDataStore(path.join(dir, 'data')).reviews.list('pending');
    expect(pending.map((item) => item.text)).toEqual(['keep this one']);
  });

  it('stops at "q" or the end of input, and says when there is nothing to review', async () => {
    expect((await runCli(['review'], { env })).stdout).toBe('Nothing to review.\n');
    await queue('lock that guy out');
    const { stdout } = await runCli(['review'], { env, stdin: '' });
    expect(stdout).toContain('Stopped. Labelled 0.');
  });
});
