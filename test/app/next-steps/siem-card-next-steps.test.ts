import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { accessConfigOf } from '../../../src/access/access-config';
import { createApp, type SocbotApp } from '../../../src/app/create-app';
import { createSiemIntakeDeps } from '../../../src/app/siem-intake-wiring';
import { inputOfActivity } from '../../../src/channels/activity-input';
import { siemAlertCard, siemAlertText } from '../../../src/channels/siem-intake/siem-alert-card';
import type { SiemAlertFacts } from '../../../src/channels/siem-intake/siem-intake-deps';
import type { TurnSource } from '../../../src/conversation/turn-input';
import { socCardJob } from '../../../src/jobs/soc-card-job';
import { createLogger } from '../../../src/logger';
import { NextStepLog } from '../../../src/store/next-step-log';
import { buildFixtureHistory } from '../../fixtures/next-steps/build-history';
import { testConfig } from '../../helpers/test-config';

const FACTS: SiemAlertFacts = {
  alertId: '9001',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P3',
  source: 'sap-etd',
  title: 'Debugging in production',
};

/** The SIEM alert card for the SOC channel carries the learned next steps as buttons. */
describe('next steps on the SIEM alert card', () => {
  let dataDir: string;
  let app: SocbotApp;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-siem-next-steps-'));
    await buildFixtureHistory(dataDir);
    app = createApp({
      config: testConfig({ dataDir, access: accessConfigOf({ analyst: ['ana@corp.com'] }) }),
      logger: createLogger({ level: 'silent' }),
      ackWindowMs: 0,
      outbox: { retryPolicy: { minDelayMs: 600_000, maxDelayMs: 600_000, jitter: false } },
    });
    await app.start();
  });
  afterEach(async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('adds the steps with their reasons and a button each that sends its words and id', async () => {
    const deps = createSiemIntakeDeps(app);
    const { ref } = await deps.registerAlert(FACTS, { idempotencyKey: 'siem:9001', source: 'sap-etd' });
    await deps.postAlertToSoc({
      ref,
      facts: FACTS,
      card: siemAlertCard(ref, FACTS),
      text: siemAlertText(ref, FACTS),
      idempotencyKey: `siem-card:${ref}`,
    });
    const job = (await app.outbox.list()).find((each) => each.type === socCardJob.type);
    const payload = job?.payload as {
      text: string;
      card: { actions: Array<{ title: string; data: unknown }> };
    };
    expect(payload.text).toContain(
      `- "I'll take ${ref}": analysts did this first in 3 of 3 similar alerts on PRD with pattern 'Debugging in production' and a technical user`,
    );
    const buttons = payload.card.actions.slice(3);
    expect(buttons.map((button) => button.title)).toEqual([`I'll take ${ref}`, `Investigate ${ref}`]);
    const shown = (await new NextStepLog(dataDir).read()).filter(
      (line) => 'shown' in line && line.ref === ref,
    );
    expect(shown).toHaveLength(2);
    expect(buttons[0]?.data).toEqual({
      nextStep: 'shown' in shown[0]! ? shown[0].shown : '',
      text: `I'll take ${ref}`,
    });

    // A press of the card's button (Action.Submit: no message text) is the presser's message, with the id.
    const source: TurnSource = {
      user: { id: 'u1', name: 'Ana' },
      actor: { id: 'u1', name: 'Ana' },
      roles: ['analyst'],
      conversationId: 'c1',
      conversationKey: 'test/c1',
    };
    const press = { type: 'message', from: { id: 'u1' }, recipient: { id: 'bot' }, value: buttons[0]?.data };
    expect(await inputOfActivity(press as Activity, () => Promise.resolve(source))).toEqual({
      kind: 'text',
      text: `I'll take ${ref}`,
      source,
      nextStep: (buttons[0]?.data as { nextStep: string }).nextStep,
    });
  });
});
