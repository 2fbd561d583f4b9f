import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createSiemIntakeDeps } from '../../src/app/siem-intake-wiring';
import { recoveredActionJob } from '../../src/jobs/recovered-action-job';
import { socCardJob } from '../../src/jobs/soc-card-job';
import { createLogger } from '../../src/logger';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import { ActionIntentLog } from '../../src/store/action-intents';
import { testConfig } from '../helpers/test-config';

/**
 * Review of issue 12: the SOC card (`post.soc`) and the recovered-action message (`tell.recovered`)
 * were queued without an audit `call` entry, so an outbox.json moved aside lost them silently.
 */
describe('every queued side effect is audited, so a lost outbox.json gets it back', () => {
  let dataDir: string;
  const apps: SocbotApp[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audited-queue-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const appOn = (): SocbotApp => {
    const app = createApp({
      config: testConfig({ dataDir, access: accessConfigOf({ analyst: ['ana'] }) }),
      logger: createLogger({ level: 'silent' }),
      ackWindowMs: 0,
      outbox: { retryPolicy: { minDelayMs: 600_000, maxDelayMs: 600_000, jitter: false } },
    });
    apps.push(app);
    return app;
  };

  it('rebuilds the SOC card and the recovered-action message', async () => {
    const journal = new ActionIntentLog(dataDir);
    await journal.begin({
      requestId: 'form-ana',
      skill: 'register-alert',
      slots: { alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD', priority: 'P2' },
      user: { id: 'ana', name: 'ana' },
      actor: { id: 'ana', name: 'ana', local: false },
      conversationId: 'conv-ana',
      conversationKey: 'msteams/conv-ana',
      at: '2026-12-06T00:00:00.000Z',
    });
    await journal.close();
    const first = appOn();
    await first.start(); // the replay queues tell.recovered
    await createSiemIntakeDeps(first).postAlertToSoc({
      ref: 'SOC-2026-0002',
      facts: { alertId: '9001', source: 'splunk' },
      card: { type: 'AdaptiveCard' },
      text: 'SIEM alert 9001',
      idempotencyKey: 'siem-card:SOC-2026-0002',
    });
    const before = await first.outbox.list();
    await first.stop();
    const outboxFile = path.join(dataDir, OUTBOX_FILE_NAME);
    await rename(outboxFile, `${outboxFile}.corrupt`);

    const second = appOn();
    await second.start();

    const after = await second.outbox.list();
    for (const type of [recoveredActionJob.type, socCardJob.type]) {
      const job = before.find((each) => each.type === type);
      expect(job).toBeDefined();
      expect(after.find((each) => each.id === job?.id)).toMatchObject({
        type,
        idempotencyKey: job?.idempotencyKey,
        payload: job?.payload,
      });
    }
  });
});
