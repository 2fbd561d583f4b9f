import type { Activity } from 'botbuilder';
import type { Entity } from '../../src/nlu/types';
import { registeredAlerts } from '../helpers/alerts-on-disk';
import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';
import { fakeRecognizer } from './helpers/fake-recognizer';

/** An entity as the model reads it, at its place in `text`. */
function entityIn(text: string, entity: Entity['entity'], value: string): Entity {
  const start = text.indexOf(value);
  return { entity, value, sourceText: value, start, end: start + value.length };
}

/** The new-user trial's typo: no "register", and "alrt", so the model reads a statement of fact. */
const TYPO = 'alrt 4712 on QAS from terminal LAPTOP-77';

/**
 * A fact statement with no form open, on the shipped skills: nothing is open that it could change,
 * so socbot never says "Changed …" (read as done at 3 a.m.); it says nothing changed and offers the
 * next step, which only starts a form that asks first.
 */
describe('a fact statement with no form open changes nothing and says so', () => {
  let harness: BotHarness;
  let ref: string;
  const recognizer = fakeRecognizer({
    [TYPO]: {
      intent: 'initiator',
      score: 0.62,
      entities: [
        entityIn(TYPO, 'alertId', '4712'),
        entityIn(TYPO, 'system', 'QAS'),
        entityIn(TYPO, 'terminal', 'LAPTOP-77'),
      ],
    },
  });

  beforeEach(async () => {
    harness = await startBot({ recognizer });
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply((activity: Partial<Activity>) => {
        says('Registered alert 4711 as SOC-')(activity);
        ref = /Registered alert 4711 as (SOC-\d{4}-\d{4})/.exec(activity.text ?? '')?.[1] ?? '';
      });
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('another alert ID after a registration: says the registered one stays, notes the new one and offers to register it', async () => {
    await harness.adapter.send(TYPO).assertReply((activity) => {
      expect(activity.text).toBe(
        `Nothing is open to change, so I changed nothing: alert 4711 was already registered as ${ref}. ` +
          'Noted for a new alert: alert ID 4712, system QAS, terminal LAPTOP-77. ' +
          'To register an alert with these, say "register an alert".',
      );
      expect(activity.text).not.toContain('Changed');
      expect(
        activity.suggestedActions?.actions.map((action) => [action.type, action.title, action.value]),
      ).toEqual([['imBack', 'Register an alert', 'register an alert']]);
    });
    expect((await registeredAlerts(harness.dataDir)).map((alert) => alert.alertId)).toEqual(['4711']);

    // The button starts the form with the new alert's facts only (not 4711's user or priority) and
    // asks before registering; a correction inside that form is still a change.
    await harness.adapter
      .send('register an alert')
      .assertReply(
        says(
          "OK, let's register an alert. I have alert ID 4712, terminal LAPTOP-77, system QAS.",
          'Which SAP user was involved?',
        ),
      )
      .send('the terminal was LAPTOP-78')
      .assertReply(says('Changed terminal from LAPTOP-77 to LAPTOP-78.', 'Which SAP user was involved?'));
    expect(await registeredAlerts(harness.dataDir)).toHaveLength(1);
  });

  it('another value for the registered alert: says it stays as registered and keeps the value for what comes next', async () => {
    await harness.adapter
      .send('the terminal was PC-0999')
      .assertReply(
        `Nothing is open to change, so I changed nothing: alert 4711 was already registered as ${ref}. ` +
          'Noted for what you start next: terminal PC-0999.',
      );
    expect((await registeredAlerts(harness.dataDir))[0]).toMatchObject({ terminal: 'PC-0815' });
  });
});
