import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createLogger } from '../../src/logger';
import { ActionIntentLog, type ActionIntent } from '../../src/store/action-intents';
import { ALERTS_FILE_NAME } from '../../src/store/alert-register';
import { testConfig } from '../helpers/test-config';

const LEA = { id: 'lea', name: 'Lea', local: false };

/** A confirmed close that a crash cut off is finished at the next start, once (its request id). */
describe('skills/close-alert after a crash', () => {
  let dataDir: string;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-close-replay-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  function start(): Promise<void> {
    const config = testConfig({ dataDir, access: accessConfigOf({ lead: ['lea'] }) });
    app = createApp({ config, logger: createLogger({ level: 'silent' }), ackWindowMs: 0 });
    return app.start();
  }
  async function restart(): Promise<SocbotApp> {
    await app?.stop();
    await start();
    if (!app) throw new Error('not started');
    return app;
  }

  function closeIntent(ref: string): ActionIntent {
    return {
      requestId: 'form-close-1',
      skill: 'close-alert',
      slots: { alert: ref, classification: 'false_positive' },
      user: { id: 'lea', name: 'Lea' },
      actor: LEA,
      conversationId: 'conv-lea',
      conversationKey: 'msteams/conv-lea',
      at: '2026-12-06T00:00:00.000Z',
    };
  }

  async function closeLines(): Promise<unknown[]> {
    const text = await readFile(path.join(dataDir, ALERTS_FILE_NAME), 'utf8');
    return text
      .split('\n')
      .filter((line) => line.includes('"change"'))
      .map((line) => JSON.parse(line) as { action: string })
      .filter((line) => line.action === 'close');
  }

  async function closeCommands(started: SocbotApp): Promise<number> {
    const entries = await started.audit.entries();
    return entries.filter((entry) => entry.action === 'command' && entry.details.change === 'close').length;
  }

  async function begin(intent: ActionIntent): Promise<void> {
    const journal = new ActionIntentLog(dataDir);
    await journal.begin(intent);
    await journal.close();
  }

  it('closes once when the crash came after the close was written: the replay finds it by its request id', async () => {
    await start();
    if (!app) throw new Error('not started');
    const alert = await app.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'Lea',
      conversationId: 'conv-lea',
    });
    // The first run: the close was made (and audited), then the process died before the answer.
    await app.alertLifecycle.close(
      { actor: LEA, ref: alert.ref, requestId: 'form-close-1' },
      'false_positive',
    );
    await app.stop();
    app = undefined;
    await begin(closeIntent(alert.ref));

    const started = await restart();
    expect(await closeLines()).toHaveLength(1);
    expect(await closeCommands(started)).toBe(1);
    expect((await started.store.alerts.view(alert.ref))?.classification).toBe('false_positive');
    const told = (await started.outbox.list()).find((job) => job.type === 'tell.recovered');
    expect((told?.payload as { text: string }).text).toContain(`Closed ${alert.ref} as false positive.`);
    expect(await new ActionIntentLog(dataDir).unfinished()).toEqual([]);
  });

  it('closes when the crash came before the close: one change, one audit entry', async () => {
    await start();
    if (!app) throw new Error('not started');
    const alert = await app.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'Lea',
      conversationId: 'conv-lea',
    });
    await app.stop();
    app = undefined;
    await begin(closeIntent(alert.ref));

    const started = await restart();
    expect(await closeLines()).toHaveLength(1);
    expect(await closeCommands(started)).toBe(1);
    // A second start has nothing left to replay.
    const again = await restart();
    expect(await closeLines()).toHaveLength(1);
    expect(await closeCommands(again)).toBe(1);
  });
});
