import { appendFile, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MAIL_LOG_FILE_NAME } from '../../src/store/mail-log';
import { runCli } from './run-cli';

const FIXTURE = path.join(__dirname, '../fixtures/mail-log/mail.jsonl');
const HASH_LAPTOP = '8450839403ddc165ce1da68bedc3284cbff3a4b644545162e0811f2ee9319faa';
const HASH_INVOICE = 'b4cc645c948a6b05a2e7946e7276300e61afc7c7af8e02f1a33e9ce637c7f6eb';

/**
 * `socbot mail report` on a fixed log (test/fixtures/mail-log/mail.jsonl). Counted by hand:
 *
 * - November 2026 holds 8 mails m1–m8 (m0 is 2026-10-31T23:59:59Z, m9 2026-12-01T00:00Z; m1's
 *   second prediction is ignored, the first one counts). Two damaged lines (a cut-off line, a
 *   prediction with via "guess"); one correction of an unknown Message-ID (dropped).
 * - predicted: phishing m1 m2, other m3 m5 m6 m8, enrichment m4, lost-device m7.
 *   final: m3 → lost-device, m5 → phishing, m6 → enrichment → phishing, m7 → other → lost-device
 *   (back where it was, so not a corrected mail): phishing 4, lost-device 2, enrichment 1, other 1.
 * - decided by: model m1 m2 (2, 25 %, 0 corrected), keywords m4 m7 (2, 25 %, 0), default m3 m5
 *   m6 m8 (4, 50 %, 3 corrected).
 * - the model's best category = final: all but m7 (enrichment ≠ lost-device) and m8 (enrichment
 *   ≠ other): 6 of 8; on the 3 corrected mails 3 of 3; on the 5 uncorrected 3 of 5.
 * - corrections of November mails: m3 1 (made in December, still counted), m5 1, m6 2, m7 2 = 6,
 *   on 3 corrected mails (37.5 %); Alice 4 (m3, m6 ×2, m7), Bob 2 (m5, m7); card 4, chat 2.
 *   m0's correction belongs to October.
 * - corrected most often: the invoice text (m5, m6) 2× → phishing, then the laptop text 1×.
 */
describe('socbot mail report', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-mail-report-'));
    await copyFile(FIXTURE, path.join(dataDir, MAIL_LOG_FILE_NAME));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir });

  it('counts volumes, stages, accuracy, corrections, confusion and the most corrected mails as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['mail', 'report', '--month', '2026-11', '--json'], {
      env: env(),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      month: '2026-11',
      mails: 8,
      categories: [
        { category: 'enrichment', predicted: 1, final: 1 },
        { category: 'lost-device', predicted: 1, final: 2 },
        { category: 'other', predicted: 4, final: 1 },
        { category: 'phishing', predicted: 2, final: 4 },
      ],
      decidedBy: {
        model: { count: 2, share: 0.25, corrected: 0 },
        keywords: { count: 2, share: 0.25, corrected: 0 },
        default: { count: 4, share: 0.5, corrected: 3 },
      },
      modelAccuracy: {
        all: { mails: 8, agreed: 6, accuracy: 0.75 },
        corrected: { mails: 3, agreed: 3, accuracy: 1 },
        uncorrected: { mails: 5, agreed: 3, accuracy: 0.6 },
      },
      corrections: {
        count: 6,
        mails: { count: 3, share: 0.375 },
        byAnalyst: [
          { id: 'u-alice', name: 'Alice Analyst', count: 4 },
          { id: 'u-bob', name: 'Bob & <Co>', count: 2 },
        ],
        bySource: { card: 4, chat: 2 },
      },
      confusion: {
        labels: ['enrichment', 'lost-device', 'other', 'phishing'],
        matrix: [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
          [0, 1, 1, 2],
          [0, 0, 0, 2],
        ],
      },
      mostCorrected: [
        {
          textHash: HASH_INVOICE,
          count: 2,
          subject: '<script>alert(1)</script> invoice',
          excerpt:
            'Subject: <script>alert(1)</script> invoice — Dear customer, your invoice is attached. Open the link to pay now! Regards, the billing team.',
          correctedTo: 'phishing',
        },
        {
          textHash: HASH_LAPTOP,
          count: 1,
          subject: 'Laptop gone',
          excerpt:
            'Subject: Laptop gone — I left my work laptop on the train this morning. It has the VPN token on it.',
          correctedTo: 'lost-device',
        },
      ],
      skippedLines: 2,
    });
  });

  it('prints the same figures readably in a terminal', async () => {
    const { code, stdout } = await runCli(['mail', 'report', '--month', '2026-11'], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain('Mail classified in 2026-11: 8');
    expect(stdout).toMatch(/ {2}phishing\s+2\s+4\n/);
    expect(stdout).toMatch(/ {2}default\s+4\s+50\.0 %\s+3\n/);
    expect(stdout).toContain('on uncorrected mails: 3 of 5 (60.0 %)');
    expect(stdout).toContain(
      "Corrections: 6 on 3 mail(s) (37.5 % of the month's mail); 4 from the card, 2 in chat",
    );
    expect(stdout).toContain('  Alice Analyst (u-alice): 4');
    expect(stdout).toMatch(/ {2}other\s+0\s+1\s+1\s+2\n/);
    expect(stdout).toContain('  2× → phishing  "<script>alert(1)</script> invoice"  (b4cc645c948a)');
    expect(stdout).toContain('2 damaged line(s) of mail.jsonl skipped');
  });

  it('shows control characters of a subject as visible escapes, never raw', async () => {
    const text = 'Hi \u001b]52;c;cm0gLXJm\u0007\nPlease look.';
    const mail = { messageId: '<esc@x>', textHash: 'e5c', at: '2026-09-01T00:00:00.000Z' };
    await appendFile(
      path.join(dataDir, MAIL_LOG_FILE_NAME),
      `${JSON.stringify({ kind: 'prediction', ...mail, text, sender: 's@example.com', subject: 'Hi \u001b]52;c;cm0gLXJm\u0007', category: 'other', via: 'default', score: 0.1, modelCategory: 'phishing', threshold: 0.8 })}\n` +
        `${JSON.stringify({ kind: 'correction', ...mail, from: 'other', to: 'phishing', by: { id: 'u', name: 'U' }, source: 'card' })}\n`,
    );
    const { stdout } = await runCli(['mail', 'report', '--month', '2026-09'], { env: env() });
    expect(stdout).toContain('"Hi \\x1b]52;c;cm0gLXJm\\x07"');
    expect(stdout).not.toContain('\u001b');
    expect(stdout).not.toContain('\u0007');
  });

  it('writes a self-contained HTML page with every value escaped', async () => {
    const html = path.join(dataDir, 'report.html');
    const { code } = await runCli(['mail', 'report', '--month', '2026-11', '--html', html], { env: env() });
    expect(code).toBe(0);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<h1>socbot mail report 2026-11</h1>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; invoice');
    expect(page).toContain('Bob &amp; &lt;Co&gt;');
    expect(page).not.toContain('<script');
    expect(page).not.toMatch(/(src|href)=/);
    expect(page).toContain('2 damaged line(s) of mail.jsonl skipped.');
  });

  it('says so for a month without mail, also when no month is given (the current month)', async () => {
    const september = await runCli(['mail', 'report', '--month', '2026-09'], { env: env() });
    expect(september.code).toBe(0);
    expect(september.stdout).toMatch(/^No mail was classified in 2026-09\.\n/);
    // runCli's clock stands at 2026-01-02.
    const current = await runCli(['mail', 'report', '--json'], { env: env() });
    expect(current.code).toBe(0);
    expect(JSON.parse(current.stdout)).toMatchObject({
      month: '2026-01',
      mails: 0,
      decidedBy: { model: { count: 0, share: null } },
      modelAccuracy: { all: { accuracy: null } },
      mostCorrected: [],
    });
  });

  it('takes the month in UTC: the last millisecond of November is in, December’s first is out', async () => {
    const december = JSON.parse(
      (await runCli(['mail', 'report', '--month', '2026-12', '--json'], { env: env() })).stdout,
    ) as { mails: number; corrections: { count: number } };
    expect(december).toMatchObject({ mails: 1, corrections: { count: 0 } });
    const october = JSON.parse(
      (await runCli(['mail', 'report', '--month', '2026-10', '--json'], { env: env() })).stdout,
    ) as { mails: number; corrections: { count: number; mails: { count: number } } };
    expect(october).toMatchObject({ mails: 1, corrections: { count: 1, mails: { count: 1 } } });
  });

  it('rejects a month not written as YYYY-MM, naming the format', async () => {
    for (const month of ['2026-13', 'November', '2026-11-01', '26-11']) {
      const { code, stderr } = await runCli(['mail', 'report', '--month', month], { env: env() });
      expect(code).toBe(2);
      expect(stderr).toContain(`--month "${month}" is not a month. Give it as YYYY-MM`);
    }
  });

  it('works without a log and counts a line cut off by a crash as damaged', async () => {
    await rm(path.join(dataDir, MAIL_LOG_FILE_NAME));
    const empty = await runCli(['mail', 'report', '--month', '2026-11'], { env: env() });
    expect(empty).toMatchObject({ code: 0, stdout: 'No mail was classified in 2026-11.\n' });
    await appendFile(path.join(dataDir, MAIL_LOG_FILE_NAME), '{"kind":"prediction","at":"2026-11-0');
    const damaged = await runCli(['mail', 'report', '--month', '2026-11'], { env: env() });
    expect(damaged.stdout).toBe(
      'No mail was classified in 2026-11.\n\n1 damaged line(s) of mail.jsonl skipped\n',
    );
  });
});
