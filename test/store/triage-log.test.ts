import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRIAGE_FILE_NAME, TriageLog, type TriageRun } from '../../src/store/triage-log';

const RUN: TriageRun = {
  ref: 'SOC-2026-0001',
  summary: 'DDIC debugged in PRD.',
  recommendation: 'escalate',
  reason: 'Debug & replace in production.',
  classification: 'true_positive',
  severity: 9,
  confidence: 7,
  artifacts: ['DDIC', 'PC-0815'],
  model: 'gpt-4.1-mini',
  at: '2026-12-06T10:00:00.000Z',
  instructionFile: 'sap-etd/debugging-in-production.md',
  logType: 'sap-etd',
};

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-triage-log-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the triage log (triage.jsonl)', () => {
  it('has nothing for an alert never triaged, and no file until the first triage', async () => {
    const log = new TriageLog(dataDir);
    expect(await log.of('SOC-2026-0001')).toBeUndefined();
    expect(await log.read()).toEqual({ triages: [], skippedLines: 0 });
  });

  it('keeps one triage per alert: the latest run, the earlier ones as history', async () => {
    const log = new TriageLog(dataDir);
    await log.record({ ...RUN, classification: 'false_positive', at: '2026-12-06T09:00:00.000Z' });
    await log.record(RUN);
    await log.record({ ...RUN, ref: 'SOC-2026-0002' });
    const triage = await new TriageLog(dataDir).of('SOC-2026-0001');
    expect(triage).toMatchObject({ ...RUN, feedback: [] });
    expect(triage?.history).toEqual([
      { ...RUN, classification: 'false_positive', at: '2026-12-06T09:00:00.000Z' },
    ]);
    expect((await log.read()).triages.map((t) => t.ref)).toEqual(['SOC-2026-0001', 'SOC-2026-0002']);
  });

  it('stores feedback and the final classification with the triage, across re-triage', async () => {
    const log = new TriageLog(dataDir);
    expect(await log.addFeedback('SOC-2026-0001', { rating: 'good', by: 'Ana', at: RUN.at })).toBe(false);
    await log.record(RUN);
    expect(
      await log.addFeedback('SOC-2026-0001', {
        rating: 'almost_there',
        comment: 'missed the IP',
        by: 'Ana',
        at: RUN.at,
      }),
    ).toBe(true);
    expect(
      await log.recordFinal('SOC-2026-0001', { classification: 'expected_activity', by: 'Ben', at: RUN.at }),
    ).toBe(true);
    await log.record({ ...RUN, at: '2026-12-06T11:00:00.000Z' });
    // A new run starts without the earlier run's ratings (they were about its answer); the final
    // classification is the alert's and stays.
    expect(await log.of('SOC-2026-0001')).toMatchObject({
      at: '2026-12-06T11:00:00.000Z',
      feedback: [],
      finalClassification: 'expected_activity',
      finalBy: 'Ben',
    });
    // A press on the earlier run's card rates nothing; the newest card's press is taken.
    const good = { rating: 'good' as const, by: 'Ana', at: RUN.at };
    expect(await log.addFeedback('SOC-2026-0001', good, RUN.at)).toBe(false);
    expect(await log.addFeedback('SOC-2026-0001', good, '2026-12-06T11:00:00.000Z')).toBe(true);
    expect((await log.of('SOC-2026-0001'))?.feedback).toEqual([good]);
    expect(
      await log.recordFinal('SOC-2026-0009', { classification: 'true_positive', by: 'Ben', at: RUN.at }),
    ).toBe(false);
  });

  it('refuses to store a run that does not validate (nothing written)', async () => {
    const log = new TriageLog(dataDir);
    await expect(log.record({ ...RUN, severity: 11 })).rejects.toThrow();
    expect(await log.read()).toEqual({ triages: [], skippedLines: 0 });
  });

  it('skips and counts damaged lines, and a cut-off last line does not swallow the next write', async () => {
    const file = path.join(dataDir, TRIAGE_FILE_NAME);
    await writeFile(
      file,
      `not json\n${JSON.stringify({ kind: 'run', run: { ...RUN, severity: 'high' } })}\n`,
    );
    await appendFile(file, '{"kind":"run","run":{"ref":"SOC-2026-00');
    const log = new TriageLog(dataDir);
    await log.record(RUN);
    expect(await log.read()).toEqual({
      triages: [expect.objectContaining({ ref: 'SOC-2026-0001' })],
      skippedLines: 3,
    });
    expect((await readFile(file, 'utf8')).endsWith(`${JSON.stringify({ kind: 'run', run: RUN })}\n`)).toBe(
      true,
    );
  });
});
