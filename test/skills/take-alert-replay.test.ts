import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createLogger } from '../../src/logger';
import { ActionIntentLog } from '../../src/store/action-intents';
import { testConfig } from '../helpers/test-config';

const LEA = { id: 'lea', name: 'Lea', local: false };

/**
 * A skill that asks no confirmation (`confirm: false`, here take-alert) cut off by a crash is
 * finished at the next start like a confirmed one, but the trail and the message must not say the
 * analyst confirmed something they were never asked.
 */
describe('replay of a confirm:false skill after a crash', () => {
  let dataDir: string;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-take-replay-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<SocbotApp> {
    const config = testConfig({ dataDir, access: accessConfigOf({ lead: ['lea'] }) });
    const started = createApp({ config, logger: createLogger({ level: 'silent' }), ackWindowMs: 0 });
    app = started;
    await started.start();
    return started;
  }

  it('is audited as asked (not confirmed) and told as a request, not a confirmed one', async () => {
    const first = await start();
    const alert = await first.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P3',
      createdBy: 'Lea',
      conversationId: 'conv-lea',
    });
    await first.stop();
    app = undefined;
    const journal = new ActionIntentLog(dataDir);
    await journal.begin({
      requestId: 'form-take-1',
      skill: 'take-alert',
      slots: { alert: alert.ref },
      user: { id: 'lea', name: 'Lea' },
      actor: LEA,
      conversationId: 'conv-lea',
      conversationKey: 'msteams/conv-lea',
      at: '2026-12-06T00:00:00.000Z',
    });
    await journal.close();

    const again = await start();
    expect((await again.store.alerts.view(alert.ref))?.lead?.name).toBe('Lea');
    const confirmation = (await again.audit.entries()).find(
      (entry) => entry.action === 'confirmation' && entry.details.requestId === 'form-take-1',
    );
    expect(confirmation?.summary).toBe('asked: take the lead of an alert');
    expect(confirmation?.details.confirmationAsked).toBe(false);
    const told = (await again.outbox.list()).find((job) => job.type === 'tell.recovered');
    const text = (told?.payload as { text: string }).text;
    expect(text).toContain('your request to take the lead of an alert');
    expect(text).not.toContain('confirmed');
  });
});
