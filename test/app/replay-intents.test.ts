import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { auditFilePath, AuditLog } from '../../src/audit/audit-log';
import { createLogger } from '../../src/logger';
import { ActionIntentLog, type ActionIntent } from '../../src/store/action-intents';
import { testConfig } from '../helpers/test-config';

function intentOf(actorId: string, skill = 'register-alert'): ActionIntent {
  return {
    requestId: `form-${actorId}`,
    skill,
    slots: { alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD', priority: 'P2' },
    user: { id: actorId, name: actorId },
    actor: { id: actorId, name: actorId, local: false },
    conversationId: `conv-${actorId}`,
    conversationKey: `msteams/conv-${actorId}`,
    at: '2026-12-06T00:00:00.000Z',
  };
}

/** Start-up finishes what a crash left begun in the intent journal, in the confirming analyst's name. */
describe('replaying action intents at start-up', () => {
  let dataDir: string;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-replay-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function startWith(intents: ActionIntent[]): Promise<SocbotApp> {
    const journal = new ActionIntentLog(dataDir);
    for (const intent of intents) await journal.begin(intent);
    await journal.close();
    const config = testConfig({ dataDir, access: accessConfigOf({ analyst: ['ana'] }) });
    app = createApp({ config, logger: createLogger({ level: 'silent' }), ackWindowMs: 0 });
    await app.start();
    return app;
  }

  async function toldTexts(started: SocbotApp): Promise<Record<string, string>> {
    const jobs = await started.outbox.list();
    return Object.fromEntries(
      jobs
        .filter((job) => job.type === 'tell.recovered')
        .map((job) => {
          const payload = job.payload as { conversationKey: string; text: string };
          return [payload.conversationKey, payload.text];
        }),
    );
  }

  it('checks the permission again: a user who may not act is refused (audited) and told, nothing registered', async () => {
    const started = await startWith([intentOf('ana'), intentOf('eve')]);
    const alerts = await started.store.alerts.list();
    expect(alerts.map((alert) => [alert.createdBy, alert.requestId])).toEqual([['ana', 'form-ana']]);
    const told = await toldTexts(started);
    expect(told['msteams/conv-ana']).toMatch(
      /^socbot restarted while it was handling your confirmed request to register an alert \(alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2\)\. Registered alert 4711 as SOC-\d{4}-0001/,
    );
    expect(told['msteams/conv-eve']).toMatch(/register an alert .*I did not finish it: /);
    const entries = await started.audit.entries();
    expect(
      entries
        .filter((entry) => entry.actor.id === 'eve')
        .map((entry) => [entry.action, entry.summary, entry.result]),
    ).toEqual([['refusal', 'recover: register an alert', expect.stringMatching(/^refused: /)]]);
    expect(
      entries
        .filter((entry) => entry.actor.id === 'ana' && entry.details.recovered === true)
        .map((entry) => [entry.action, entry.result]),
    ).toEqual([
      ['confirmation', 'confirmed'],
      ['result', `done: ${alerts[0]?.ref ?? ''}`],
    ]);
    expect(await new ActionIntentLog(dataDir).unfinished()).toEqual([]);
  });

  it('says so when the skill is no longer installed, and does nothing else', async () => {
    const started = await startWith([intentOf('ana', 'retired-skill')]);
    expect(await started.store.alerts.list()).toEqual([]);
    expect((await toldTexts(started))['msteams/conv-ana']).toBe(
      'socbot restarted while it was handling your confirmed request (alertId 4711, terminal PC-0815, username DDIC, system PRD, priority P2). ' +
        'The skill "retired-skill" is no longer installed, so nothing more was done.',
    );
    expect(await new ActionIntentLog(dataDir).unfinished()).toEqual([]);
  });

  it('reports an action the trail shows as done, without asking for the permission again', async () => {
    // The turn acted and audited its result; only the reply (and so the finish) did not go out.
    // Eve's role was removed since: the alert exists all the same, and she is told so.
    const trail = new AuditLog(auditFilePath(dataDir));
    const eve = intentOf('eve');
    const actor = { id: 'eve', name: 'eve', role: 'analyst' };
    await trail.append({
      actor,
      action: 'confirmation',
      summary: 'confirmed: register an alert',
      result: 'confirmed',
      conversationId: eve.conversationId,
      details: { skill: 'register-alert', requestId: eve.requestId, slots: eve.slots },
    });
    await trail.append({
      actor,
      action: 'result',
      summary: 'register an alert',
      result: 'done: SOC-2026-0001',
      alertRef: 'SOC-2026-0001',
      conversationId: eve.conversationId,
      details: { skill: 'register-alert', requestId: eve.requestId },
    });
    await trail.close();

    const started = await startWith([eve]);

    expect((await started.store.alerts.list()).map((alert) => alert.ref)).toEqual(['SOC-2026-0001']);
    const told = (await toldTexts(started))['msteams/conv-eve'];
    expect(told).toBe(
      'Your confirmed request to register an alert (alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2) ' +
        'was done (SOC-2026-0001) before socbot restarted; only my answer did not reach you then.',
    );
    const entries = await started.audit.entries();
    expect(entries.filter((entry) => entry.action === 'refusal')).toEqual([]);
    expect(await new ActionIntentLog(dataDir).unfinished()).toEqual([]);
  });
});
