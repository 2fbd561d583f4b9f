import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSiemIntakeDeps } from '../../src/app/siem-intake-wiring';
import type { SocbotApp } from '../../src/app/create-app';
import type { SiemAlertFacts } from '../../src/channels/siem-intake/siem-intake-deps';
import { AlertRegister } from '../../src/store/alert-register';
import type { AlertRecord } from '../../src/store/alert-register';

const FACTS: SiemAlertFacts = {
  alertId: '9001',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  source: 'splunk',
};
const META = { idempotencyKey: 'siem-alert:splunk:9001', source: 'splunk' };

describe('SIEM intake wiring: registering an alert', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-siem-wiring-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a retry after a failure between registering the alert and enqueueing its ticket still enqueues the ticket', async () => {
    const alerts = new AlertRegister(dir);
    const tickets: string[] = [];
    let failNext = true;
    const audited: string[] = [];
    const app = {
      backend: { kind: 'files', dataDir: dir },
      store: { alerts },
      triage: { priorities: [] },
      audit: {
        append: async (entry: { summary: string }) => {
          audited.push(entry.summary);
        },
      },
      actionServices: () => ({
        priorityFor: (alert: { priority: string }) => ({ priority: alert.priority }),
        escalate: async () => [],
        createTicket: async (alert: AlertRecord) => {
          if (failNext) {
            failNext = false;
            throw new Error('outbox file busy');
          }
          tickets.push(alert.ref);
          return undefined;
        },
      }),
    } as unknown as SocbotApp;
    const deps = createSiemIntakeDeps(app);

    await expect(deps.registerAlert(FACTS, META)).rejects.toThrow('outbox file busy');
    const retry = await deps.registerAlert(FACTS, META);

    const registered = await alerts.list();
    expect(registered).toHaveLength(1);
    expect(retry).toEqual({ ref: registered[0]?.ref, created: false });
    expect(tickets).toEqual([registered[0]?.ref]);
    expect(audited).toEqual(['register alert 9001 from splunk']);
    await alerts.close();
  });
});
