import type { Activity } from 'botbuilder';
import { openDataStore } from '../../src/store/data-store';
import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';
import { registeredAlerts } from '../helpers/alerts-on-disk';

describe('interruptions, corrections and switching skills', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot();
  });
  afterEach(async () => {
    await harness.dispose();
  });

  const store = () => openDataStore(harness.dataDir);

  /** The turn's one message is exactly `text` and carries the Confirm/Cancel card. */
  const confirmsExactly =
    (text: string) =>
    (activity: Partial<Activity>): void => {
      expect(activity.text).toBe(text);
      confirms()(activity);
    };

  it('cancel mid-form registers nothing and says what it still remembers', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD')
      .assertReply(says("OK, let's register an alert.", 'From which terminal'))
      .send('cancel')
      .assertReply(
        'OK, cancelled: I did not register an alert. I still remember alert ID 4711, system PRD if you need it later.',
      )
      .send('status')
      .assertReply(says('Nothing is in progress.', 'alert ID 4711', 'system PRD'));
    expect(await registeredAlerts(harness.dataDir)).toEqual([]);
  });

  it('help mid-form explains what is asked and why, then asks again', async () => {
    await harness.adapter
      .send('register alert 4711')
      .assertReply(says("OK, let's register", 'From which terminal'))
      .send('help')
      .assertReply(
        says(
          "I'm asking for the terminal to register an alert.",
          'what the Basis team blocks',
          '"PC-0815"',
          'From which terminal',
        ),
      );
  });

  it('help on the optional slot says it can be skipped', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815')
      .assertReply(says("OK, let's register", 'Which priority'))
      .send('help')
      .assertReply(says('It is optional: say "skip"', 'Which priority'))
      .send('P1')
      .assertReply(confirms('priority P1?'));
  });

  it('status mid-form lists what is filled and what is still needed, without counting as a wrong answer', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD')
      .assertReply(says("OK, let's register", 'From which terminal'))
      .send('status')
      .assertReply(
        'Register an alert: I have alert ID 4711, system PRD. Still needed: terminal, user. Optional: priority.\n\nFrom which terminal did the activity come? (e.g. PC-0815)',
      )
      .send('what do you have')
      .assertReply(says('Still needed: terminal, user.', 'From which terminal'))
      .send('no idea yet')
      .assertReply(says("That doesn't look like a terminal"))
      .send('still no idea')
      .assertReply(says("That doesn't look like a terminal"))
      .send('PC-0815')
      .assertReply(says('Which SAP user'));
  });

  it('help and status at the confirmation', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's register", 'Register alert 4711'))
      .send('help')
      .assertReply(confirms('nothing happens until you confirm', 'Register alert 4711'))
      .send('status')
      .assertReply(confirms('waiting for your confirmation', 'Register alert 4711'));
  });

  it('accepts a correction while asking for another slot', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815')
      .assertReply(says("OK, let's register", 'Which SAP user'))
      .send('no, the terminal is PC-0816')
      .assertReply('Changed terminal from PC-0815 to PC-0816.\n\nWhich SAP user was involved? (e.g. DDIC)')
      .send('the user is DDIC and it happened on PRD')
      .assertReply(
        'Noted: user DDIC, system PRD.\n\nWhich priority should it have (P1 most urgent … P5)? Say "skip" to use P3. (e.g. P2)',
      )
      .send('P4')
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0816, priority P4?'));
  });

  it('accepts a correction at the confirmation and confirms again', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's register", 'terminal PC-0815'))
      .send('no, the terminal is PC-0816')
      .assertReply(
        confirmsExactly(
          'Changed terminal from PC-0815 to PC-0816.\n\nRegister alert 4711 on PRD: user DDIC, terminal PC-0816, priority P2? Say "yes" to confirm or "no" to cancel; you can still correct a value.',
        ),
      )
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says('Registered alert 4711'));
    expect((await registeredAlerts(harness.dataDir))[0]?.terminal).toBe('PC-0816');
  });

  it('"no" and the Cancel button at the confirmation register nothing', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's register", 'Register alert 4711'))
      .send('no')
      .assertReply(says('OK, cancelled: I did not register an alert.'))
      .send('register an alert')
      .assertReply(confirms('I have alert ID 4711', 'Register alert 4711'))
      .send(cardSubmit('cancel', 'register-alert'))
      .assertReply(says('OK, cancelled'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says("There's nothing waiting for confirmation"));
    expect(await registeredAlerts(harness.dataDir)).toEqual([]);
  });

  it('asks for a yes or no when the answer at the confirmation is neither', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's register", 'Register alert 4711'))
      .send('hmm, maybe later today')
      .assertReply(
        confirmsExactly(
          'I need a yes or no here, or a corrected value.\n\nRegister alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2? Say "yes" to confirm or "no" to cancel; you can still correct a value.',
        ),
      );
  });

  it('does not let a card button confirm before the form is complete, nor one of another skill', async () => {
    await harness.adapter
      .send('register alert 4711')
      .assertReply(says("OK, let's register", 'From which terminal'))
      .send(cardSubmit('confirm'))
      .assertReply(
        "There's nothing to confirm yet.\n\nFrom which terminal did the activity come? (e.g. PC-0815)",
      )
      .send(cardSubmit('confirm', 'talk-to-basis'))
      .assertReply(
        'That button belongs to an earlier request.\n\nFrom which terminal did the activity come? (e.g. PC-0815)',
      );
  });

  it('does not let an old Confirm card of the same skill confirm a later request', async () => {
    let oldConfirm: unknown;
    let newConfirm: unknown;
    const confirmData =
      (keep: (data: unknown) => void) =>
      (activity: Partial<Activity>): void => {
        says("OK, let's register")(activity);
        const card = activity.attachments?.[0]?.content as { actions: { data: unknown }[] };
        keep(card.actions[0]?.data);
      };
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirmData((data) => (oldConfirm = data)))
      .send('no')
      .assertReply(says('OK, cancelled'))
      .send('register alert 4712 on PRD, user SAPADM from terminal PC-0999, P3')
      .assertReply(confirmData((data) => (newConfirm = data)));
    await harness.adapter
      .send({ type: 'message', value: oldConfirm })
      .assertReply(
        confirmsExactly(
          `That card's request was cancelled, so I did nothing with the button. This is where we are now:\n\nRegister alert 4712 on PRD: user SAPADM, terminal PC-0999, priority P3? Say "yes" to confirm or "no" to cancel; you can still correct a value.`,
        ),
      );
    expect(oldConfirm).toMatchObject({ action: 'confirm', skill: 'register-alert' });
    expect(await registeredAlerts(harness.dataDir)).toEqual([]);
    await harness.adapter
      .send({ type: 'message', value: newConfirm })
      .assertReply(says('Registered alert 4712 as SOC-'));
    expect((await registeredAlerts(harness.dataDir)).map((alert) => alert.alertId)).toEqual(['4712']);
  });

  it('parks the first form when switching skills, says so, and comes back to it after the second', async () => {
    let parkedConfirm: unknown;
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply((activity) => {
        confirms("OK, let's register", 'Register alert 4711')(activity);
        const card = activity.attachments?.[0]?.content as { actions: { data: unknown }[] };
        parkedConfirm = card.actions[0]?.data;
      })
      .send('actually, just tell Basis')
      .assertReply(
        confirms(
          'I\'ve kept "register an alert" (alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2) aside, nothing done yet; we\'ll come back to it.',
          "OK, let's inform the Basis team.",
          'Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?',
        ),
      );
    // The parked registration's card tells the truth: kept aside, not done, and does nothing.
    await harness.adapter
      .send({ type: 'message', value: parkedConfirm })
      .assertReply(
        confirms("That card's request is kept aside and not done yet", 'Ask Basis about user DDIC'),
      )
      .send('yes')
      .assertReply(
        confirms(
          // The Basis request does not pretend the alert is registered.
          'Recorded request BR-0001 for the Basis team (alert 4711, which is not registered).',
          'Back to "register an alert": I have alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2.',
          'Register alert 4711 on PRD',
        ),
      );
    expect(await registeredAlerts(harness.dataDir)).toEqual([]);
    await harness.adapter
      .send({ type: 'message', value: parkedConfirm })
      .assertReply(says('Registered alert 4711 as SOC-'));
    expect((await registeredAlerts(harness.dataDir)).map((alert) => alert.alertId)).toEqual(['4711']);
    expect(await store().basisRequests.list()).toEqual([
      expect.objectContaining({ alert: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD' }),
    ]);
  });

  it('carries the shared values into the other skill and resumes the parked form after a cancel', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC')
      .assertReply(says("OK, let's register", 'From which terminal'))
      .send('actually, just tell Basis')
      .assertReply(
        says(
          'I\'ve kept "register an alert" (alert ID 4711, user DDIC, system PRD) aside',
          "OK, let's inform the Basis team. I have user DDIC, system PRD, alert 4711.",
          'Which terminal should Basis look at?',
        ),
      )
      .send('cancel')
      .assertReply(
        says(
          'OK, cancelled: I did not inform the Basis team.',
          'Back to "register an alert": I have alert ID 4711, user DDIC, system PRD.',
          'From which terminal',
        ),
      );
    expect(await store().basisRequests.list()).toEqual([]);
  });

  it('registers, then informs Basis with the alert reference and no question asked', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P1')
      .assertReply(confirms("OK, let's register", 'Register alert 4711'))
      .send('yes')
      .assertReply(says('Registered alert 4711 as SOC-', 'Say "inform Basis"'))
      .send('inform Basis')
      .assertReply(
        confirms(
          "OK, let's inform the Basis team.",
          'Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?',
        ),
      )
      .send(cardSubmit('confirm', 'talk-to-basis'))
      .assertReply(says('Recorded request BR-0001 for the Basis team (alert SOC-'));
    const [alert] = await registeredAlerts(harness.dataDir);
    expect((await store().basisRequests.list())[0]?.alert).toBe(alert?.ref);
  });

  it('does not pre-fill a new alert with the details of the one just registered, but keeps facts stated since', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P1')
      .assertReply(confirms("OK, let's register", 'Register alert 4711'))
      .send('yes')
      .assertReply(says('Registered alert 4711'))
      .send('the user is SAPSTAR')
      .assertReply('Changed user from DDIC to SAPSTAR.')
      .send('register alert 4712')
      .assertReply(
        "OK, let's register an alert. I have alert ID 4712, user SAPSTAR. (A new alert: I did not reuse the details of alert 4711.)\n\nFrom which terminal did the activity come? (e.g. PC-0815)",
      );
  });
});
