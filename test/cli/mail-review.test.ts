import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadMailCorpus } from '../../src/mail/classification/mail-corpus';
import { MAIL_LOG_FILE_NAME } from '../../src/store/mail-log';
import { MAIL_REVIEW_FILE_NAME } from '../../src/store/mail-review-state';
import { runCli } from './run-cli';

const FIXTURES = path.join(__dirname, '../fixtures/mail-log');

const MAILBOX = 'Subject: Your mailbox is full — Click here to upgrade your mailbox quota.';
const LAPTOP =
  'Subject: Laptop gone — I left my work laptop on the train this morning. It has the VPN token on it.';
const INVOICE =
  'Subject: <script>alert(1)</script> invoice — Dear customer, your invoice is attached. Open the link to pay now! Regards, the billing team.';

/**
 * `socbot mail review` on the fixture log (test/fixtures/mail-log/mail.jsonl) and a fixture mail
 * corpus of our own with keyword rules beside it (phishing, lost-device, enrichment, and `None`: the category `other`, as in
 * corpus/mail). The log's corrected texts, in
 * the order first predicted: the mailbox mail (October, corrected to other), the laptop mail (→
 * lost-device), the invoice mail (two mails, → phishing). The phone mail was corrected back to
 * what it was predicted, so it is not offered.
 */
describe('socbot mail review', () => {
  let dataDir: string;
  let corpusDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-mail-review-'));
    corpusDir = path.join(dataDir, 'corpus-mail');
    await copyFile(path.join(FIXTURES, 'mail.jsonl'), path.join(dataDir, MAIL_LOG_FILE_NAME));
    await cp(path.join(FIXTURES, 'corpus'), corpusDir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir, MAIL_CORPUS: corpusDir });
  const corpusFile = (): string => path.join(corpusDir, 'mail.en.json');
  const utterancesOf = async (intent: string): Promise<string[]> => {
    const json = JSON.parse(await readFile(corpusFile(), 'utf8')) as {
      data: { intent: string; utterances: string[] }[];
    };
    return json.data.find((entry) => entry.intent === intent)?.utterances ?? [];
  };
  const pending = async (): Promise<{ phrase: string; category: string; mails: number }[]> =>
    JSON.parse((await runCli(['mail', 'review', '--list', '--json'], { env: env() })).stdout) as {
      phrase: string;
      category: string;
      mails: number;
    }[];

  it('lists each corrected text once, cut to subject and first sentences, with its latest correction', async () => {
    expect(await pending()).toEqual([
      expect.objectContaining({
        phrase: MAILBOX,
        category: 'other',
        mails: 1,
        subject: 'Your mailbox is full',
      }),
      expect.objectContaining({ phrase: LAPTOP, category: 'lost-device', mails: 1 }),
      expect.objectContaining({ phrase: INVOICE, category: 'phishing', mails: 2 }),
    ]);
    const { stdout } = await runCli(['mail', 'review', '--list'], { env: env() });
    expect(stdout).toContain('3 corrected mail text(s) to label:');
  });

  it('--accept-all writes a valid corpus (`other` as the intent None) and adds nothing twice', async () => {
    const first = await runCli(['mail', 'review', '--accept-all'], { env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Added "${LAPTOP}" to lost-device in ${corpusFile()}.`);
    expect(first.stdout).toContain(`Added "${MAILBOX}" to other in ${corpusFile()}.`);
    expect(first.stdout).toMatch(
      /Labelled 3\. The mail model retrains from the changed corpus at the next start/,
    );
    expect(await utterancesOf('lost-device')).toEqual(['I lost my phone', 'my laptop was stolen', LAPTOP]);
    expect(await utterancesOf('None')).toContain(MAILBOX);
    expect(await utterancesOf('phishing')).toContain(INVOICE);
    // Strict: the corpus validator (duplicates, shapes) accepts what was written.
    expect(loadMailCorpus(corpusDir).intents.find((i) => i.intent === 'phishing')?.utterances).toContain(
      INVOICE,
    );

    const before = await readFile(corpusFile(), 'utf8');
    const second = await runCli(['mail', 'review', '--accept-all'], { env: env() });
    expect(second.stdout).toBe('Labelled 0.\n');
    expect(await readFile(corpusFile(), 'utf8')).toBe(before);
    expect(await pending()).toEqual([]);
  });

  it('asks for each: accept with Enter, relabel by number or name, skip; what was done is not asked again', async () => {
    // mailbox: an unknown answer, then relabelled by name; laptop: Enter accepts; invoice: skipped.
    const { code, stdout } = await runCli(['mail', 'review'], {
      env: env(),
      stdin: 'nonsense\nphishing\n\ns\n',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('  1. enrichment\n  2. lost-device\n  3. other\n  4. phishing\n');
    expect(stdout).toContain('"nonsense" is not a category number or name; try again');
    expect(stdout).toContain(`Added "${MAILBOX}" to phishing`);
    expect(stdout).toContain(`Added "${LAPTOP}" to lost-device`);
    expect(stdout).toContain('(2 mail(s) "<script>alert(1)</script> invoice", corrected to phishing)');
    expect(stdout).toMatch(/Done\. Labelled 2\. The mail model retrains/);
    expect(await utterancesOf('phishing')).toContain(MAILBOX);
    expect(await utterancesOf('phishing')).not.toContain(INVOICE);
    expect((await pending()).map((item) => item.phrase)).toEqual([INVOICE]);

    const relabel = await runCli(['mail', 'review'], { env: env(), stdin: '3\n' });
    expect(relabel.stdout).toContain(`Added "${INVOICE}" to other`);
    expect(await utterancesOf('None')).toContain(INVOICE);
    expect(await pending()).toEqual([]);
    expect(loadMailCorpus(corpusDir).warnings).toEqual([]);
  });

  it('dismisses and quits, remembering the dismissal in the data directory', async () => {
    const { stdout } = await runCli(['mail', 'review'], { env: env(), stdin: 'd\nq\n' });
    expect(stdout).toContain('Dismissed.');
    expect(stdout).toContain('Stopped. Labelled 0.');
    expect(stdout).not.toContain('retrains');
    expect((await pending()).map((item) => item.category)).toEqual(['lost-device', 'phishing']);
    const state = JSON.parse(await readFile(path.join(dataDir, MAIL_REVIEW_FILE_NAME), 'utf8')) as {
      handled: Record<string, { status: string }>;
    };
    expect(Object.values(state.handled)).toEqual([expect.objectContaining({ status: 'dismissed' })]);
  });

  it('does not offer a phrase the corpus already has under its category; names a conflicting one', async () => {
    const json = JSON.parse(await readFile(corpusFile(), 'utf8')) as {
      data: { intent: string; utterances: string[] }[];
    };
    json.data.find((entry) => entry.intent === 'lost-device')?.utterances.push(LAPTOP.toUpperCase());
    json.data.find((entry) => entry.intent === 'enrichment')?.utterances.push(INVOICE);
    await writeFile(corpusFile(), JSON.stringify(json));
    const list = await pending();
    expect(list.map((item) => item.phrase)).toEqual([MAILBOX, INVOICE]);
    expect(list[1]).toMatchObject({ category: 'phishing', inCorpusAs: 'enrichment' });
    const { stdout } = await runCli(['mail', 'review', '--accept-all'], { env: env() });
    expect(stdout).toContain('is already an utterance of intent "enrichment" in the corpus');
    expect(loadMailCorpus(corpusDir).intents.find((i) => i.intent === 'phishing')?.utterances).not.toContain(
      INVOICE,
    );
  });

  it('says so when there is nothing to label', async () => {
    await rm(path.join(dataDir, MAIL_LOG_FILE_NAME));
    const { code, stdout } = await runCli(['mail', 'review'], { env: env() });
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'No corrected mails to label.\n' });
  });
});
