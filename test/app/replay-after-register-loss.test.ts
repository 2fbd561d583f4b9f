import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createSiemIntakeDeps } from '../../src/app/siem-intake-wiring';
import { ticketJob } from '../../src/jobs/ticket-job';
import { createLogger } from '../../src/logger';
import { ActionIntentLog, type ActionIntent } from '../../src/store/action-intents';
import { ALERTS_FILE_NAME } from '../../src/store/alert-register';
import { testConfig } from '../helpers/test-config';

const intent: ActionIntent = {
  requestId: 'form-ana',
  skill: 'register-alert',
  slots: { alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD', priority: 'P2' },
  user: { id: 'ana', name: 'ana' },
  actor: { id: 'ana', name: 'ana', local: false },
  conversationId: 'conv-ana',
  conversationKey: 'msteams/conv-ana',
  at: '2026-12-06T00:00:00.000Z',
};

/**
 * Review of issue 12: an alert the register lost and rebuilt from its ticket job had no request id,
 * so the replay of the intent that registered it registered a second alert with a second ticket.
 */
describe('an alert rebuilt from its ticket job keeps its request id', () => {
  let dataDir: string;
  const apps: SocbotApp[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-rebuilt-request-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const appOn = (): SocbotApp => {
    const app = createApp({
      config: testConfig({
        dataDir,
        access: accessConfigOf({ analyst: ['ana'] }),
        // Nobody answers there: the ticket job stays pending.
        integrations: {
          ticketing: { provider: 'webhook', url: 'http://127.0.0.1:9/tickets', secret: 's'.repeat(32) },
        },
      }),
      logger: createLogger({ level: 'silent' }),
      ackWindowMs: 0,
      outbox: { retryPolicy: { minDelayMs: 600_000, maxDelayMs: 600_000, jitter: false } },
    });
    apps.push(app);
    return app;
  };

  it('a replayed confirm finds the rebuilt alert: one alert, one ticket', async () => {
    const first = appOn();
    await first.start();
    // The turn: intent on disk, alert registered, ticket queued (and audited) — then the crash,
    // before the result was audited, and a power loss took the register's line.
    const journal = new ActionIntentLog(dataDir);
    await journal.begin(intent);
    await journal.close();
    const alert = await first.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'ana',
      conversationId: 'conv-ana',
      requestId: intent.requestId,
    });
    await first.actionServices(intent).createTicket(alert);
    await first.stop();
    await writeFile(path.join(dataDir, ALERTS_FILE_NAME), '');

    const second = appOn();
    await second.start();

    const alerts = await second.store.alerts.list();
    expect(alerts.map((each) => [each.ref, each.requestId])).toEqual([[alert.ref, intent.requestId]]);
    const tickets = (await second.outbox.list()).filter((job) => job.type === ticketJob.type);
    expect(tickets.map((job) => job.origin.alertRef)).toEqual([alert.ref]);
  });

  it('a SIEM alert rebuilt from its ticket job keeps the delivery key: the SIEM retry adds nothing', async () => {
    const first = appOn();
    await first.start();
    const facts = {
      source: 'splunk',
      alertId: '9001',
      terminal: 'PC-1',
      username: 'SAP*',
      system: 'PRD',
      priority: 'P1' as const,
    };
    const meta = { source: 'splunk', idempotencyKey: 'splunk:9001' };
    const { ref } = await createSiemIntakeDeps(first).registerAlert(facts, meta);
    await first.stop();
    await writeFile(path.join(dataDir, ALERTS_FILE_NAME), '');

    const second = appOn();
    await second.start();
    const again = await createSiemIntakeDeps(second).registerAlert(facts, meta);

    expect(again).toEqual({ ref, created: false });
    expect((await second.store.alerts.list()).map((each) => each.ref)).toEqual([ref]);
  });
});
