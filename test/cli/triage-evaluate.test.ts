import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRIAGE_FILE_NAME } from '../../src/store/triage-log';
import { runCli } from './run-cli';

const FIXTURE = path.join(__dirname, '../fixtures/triage/triage.jsonl');

/**
 * `socbot triage evaluate` on a fixed history (test/fixtures/triage/triage.jsonl): six alerts
 * triaged (one before 2026-12-01), five closed by analysts (four agreeing), six feedback presses,
 * one damaged line. The expected figures are counted by hand from the fixture.
 */
describe('socbot triage evaluate', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-triage-evaluate-'));
    await copyFile(FIXTURE, path.join(dataDir, TRIAGE_FILE_NAME));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir });

  it('reports agreement, confusion, calibration, feedback and per-group agreement as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['triage', 'evaluate', '--since', '2026-12-01', '--json'], {
      env: env(),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      since: '2026-12-01T00:00:00.000Z',
      triaged: 5,
      closed: 4,
      agreed: 3,
      agreement: 0.75,
      confusion: {
        labels: ['true_positive', 'false_positive', 'expected_activity', 'confirmed_activity'],
        matrix: [
          [1, 0, 0, 0],
          [1, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 0],
        ],
      },
      calibration: [
        { confidence: 4, closed: 1, agreed: 0, accuracy: 0 },
        { confidence: 8, closed: 1, agreed: 1, accuracy: 1 },
        { confidence: 9, closed: 2, agreed: 2, accuracy: 1 },
      ],
      feedback: { unrelated: 1, needs_improvement: 2, almost_there: 1, good: 1 },
      byLogType: {
        'sap-etd': { triaged: 3, closed: 3, agreed: 2, agreement: 2 / 3 },
        splunk: { triaged: 2, closed: 1, agreed: 1, agreement: 1 },
      },
      byModel: {
        'gpt-4.1-mini': { triaged: 3, closed: 3, agreed: 3, agreement: 1 },
        'llama3.1': { triaged: 2, closed: 1, agreed: 0, agreement: 0 },
      },
      byInstructionFile: {
        'default.md': { triaged: 4, closed: 3, agreed: 2, agreement: 2 / 3 },
        'sap-etd/debugging-in-production.md': { triaged: 1, closed: 1, agreed: 1, agreement: 1 },
      },
      skippedLines: 1,
    });
  });

  it('covers the whole history without --since, and says it in words by default', async () => {
    const all = JSON.parse((await runCli(['triage', 'evaluate', '--json'], { env: env() })).stdout) as {
      triaged: number;
      closed: number;
      agreement: number;
    };
    expect(all).toMatchObject({ triaged: 6, closed: 5, agreed: 4, agreement: 0.8 });
    const { code, stdout } = await runCli(['triage', 'evaluate'], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain('AI triage (all): 5 closed of 6 triaged, agreement 80.0%.');
    expect(stdout).toContain('  llama3.1: 1 closed of 2 triaged, agreement 0.0%');
    expect(stdout).toContain('1 damaged line(s) of triage.jsonl skipped');
  });

  it('writes the same figures as an HTML page, escaped', async () => {
    const html = path.join(dataDir, 'triage.html');
    const { code } = await runCli(['triage', 'evaluate', '--since', '2026-12-01', '--html', html], {
      env: env(),
    });
    expect(code).toBe(0);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<h1>AI triage evaluation</h1>');
    expect(page).toContain('<td>all</td><td>5</td><td>4</td><td>3</td><td>75.0%</td>');
    expect(page).toContain('<td>sap-etd/debugging-in-production.md</td>');
    expect(page).not.toContain('<script');
  });

  it('refuses a --since that is not a date, as a usage error', async () => {
    const { code, stderr } = await runCli(['triage', 'evaluate', '--since', 'last week'], { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain('write it as YYYY-MM-DD');
  });

  it('reports nothing to compare on an empty data directory', async () => {
    await rm(path.join(dataDir, TRIAGE_FILE_NAME));
    const report = JSON.parse((await runCli(['triage', 'evaluate', '--json'], { env: env() })).stdout) as {
      triaged: number;
      agreement: number | null;
    };
    expect(report).toMatchObject({ triaged: 0, closed: 0, agreement: null });
  });
});
