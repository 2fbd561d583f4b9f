import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { isSocbotError } from '../../src/errors';
import { ticketJob } from '../../src/jobs/ticket-job';
import { createLogger } from '../../src/logger';
import { Outbox } from '../../src/outbox/outbox';
import { ALERTS_FILE_NAME, type AlertRecord } from '../../src/store/alert-register';
import { testConfig } from '../helpers/test-config';

const analyst = {
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'conv-1',
};

function record(ref: string, alertId: string): AlertRecord {
  return { ...analyst, alertId, ref, status: 'registered', createdAt: '2026-03-01T09:00:00.000Z' };
}

const line = (entry: object): string => `${JSON.stringify(entry)}\n`;

describe('socbot starts on a register a crash cut short', () => {
  let dataDir: string;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-register-startup-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  const appOn = (): SocbotApp =>
    createApp({
      config: testConfig({ dataDir, host: '127.0.0.1', port: 3978 }),
      logger: createLogger({ level: 'silent' }),
    });

  /** What the crashed process left: SOC-2026-0002 confirmed and its ticket queued, its register line torn. */
  async function crashedAfterRegistering(): Promise<string> {
    await mkdir(dataDir, { recursive: true });
    const lost = record('SOC-2026-0002', '4712');
    await writeFile(
      path.join(dataDir, ALERTS_FILE_NAME),
      line(record('SOC-2026-0001', '4711')) + line(lost).slice(0, 70),
    );
    const outbox = new Outbox({ dataDir });
    const job = await outbox.enqueue({
      type: ticketJob.type,
      idempotencyKey: 'SOC-2026-0002:ticket.create',
      payload: {
        ref: 'SOC-2026-0002',
        alertId: '4712',
        priority: 'P2',
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        requestedBy: 'Ana',
      },
      origin: { alertRef: 'SOC-2026-0002', conversationKey: 'msteams/conv-1', userId: 'ana-29' },
    });
    return job.id;
  }

  it('hands out no reference twice: the lost alert is rebuilt and its pending ticket job stays its own', async () => {
    const jobId = await crashedAfterRegistering();
    app = appOn();
    await app.start();

    const next = await app.store.alerts.add({ ...analyst, alertId: '5000' });
    expect(next.ref).toBe('SOC-2026-0003');
    const job = await app.outbox.get(jobId);
    expect(job?.status).toBe('pending');
    const owner = await app.store.alerts.find(job?.origin.alertRef ?? '');
    expect(owner).toMatchObject({ ref: 'SOC-2026-0002', alertId: '4712', terminal: 'PC-0815' });
    expect((job?.payload as { alertId: string }).alertId).toBe(owner?.alertId);
    expect(await readFile(path.join(dataDir, `${ALERTS_FILE_NAME}.torn`), 'utf8')).toHaveLength(71);
  });

  it('shows its repair under /healthz repairs and audits it', async () => {
    await crashedAfterRegistering();
    app = appOn();
    await app.start();

    const file = path.join(dataDir, ALERTS_FILE_NAME);
    const expected = {
      file,
      what: expect.stringMatching(/SOC-2026-0002/),
      movedTo: `${file}.torn`,
      bytes: 70,
      rebuilt: ['SOC-2026-0002'],
    };
    expect((await app.health()).repairs).toEqual([expect.objectContaining(expected)]);
    await app.audit.flush();
    const repairs = (await app.audit.entries()).filter((entry) => entry.action === 'repair');
    expect(repairs).toEqual([
      expect.objectContaining({
        summary: expect.stringContaining('alert register'),
        details: expect.objectContaining({ file, movedTo: `${file}.torn`, rebuilt: ['SOC-2026-0002'] }),
      }),
    ]);
  });

  it('refuses to start, with the remedy, when the lost alert cannot be rebuilt, and starts once the remedy is applied', async () => {
    await crashedAfterRegistering();
    // The ticket job was retained but its payload is gone (an outbox of an older version): only the reference is known.
    const outboxFile = path.join(dataDir, 'outbox.json');
    const outbox = JSON.parse(await readFile(outboxFile, 'utf8')) as { jobs: Array<{ payload: unknown }> };
    outbox.jobs[0]!.payload = { ref: 'SOC-2026-0002' };
    await writeFile(outboxFile, JSON.stringify(outbox));

    const refused: unknown = await appOn()
      .start()
      .catch((e: unknown) => e);
    expect(isSocbotError(refused, 'STORAGE_CORRUPT')).toBe(true);
    const remedy = /`echo '(.*)' >> "(.*)"`/.exec((refused as Error).message);
    expect(remedy?.[2]).toBe(path.join(dataDir, ALERTS_FILE_NAME));

    await appendFile(remedy?.[2] ?? '', `${remedy?.[1] ?? ''}\n`);
    app = appOn(); // the refused start left the data directory free
    await app.start();
    expect((await app.store.alerts.add({ ...analyst, alertId: '5000' })).ref).toBe('SOC-2026-0003');
  });
});
