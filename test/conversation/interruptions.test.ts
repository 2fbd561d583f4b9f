import path from 'node:path';
import type { Activity } from 'botbuilder';
import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

/**
 * Engine fixture skills (test/fixtures/skills/engine): `log-incident` (alert ID, terminal, optional
 * priority) on the `alert` intent and `page-oncall` (user, system) on `inform`.
 */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

describe('interruptions, corrections and switching skills', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot({ skillsDir: ENGINE_SKILLS });
  });
  afterEach(async () => {
    await harness.dispose();
  });

  /** The turn's one message is exactly `text` and carries the Confirm/Cancel card. */
  const confirmsExactly =
    (text: string) =>
    (activity: Partial<Activity>): void => {
      expect(activity.text).toBe(text);
      confirms()(activity);
    };

  it('cancel mid-form does nothing and says what it still remembers', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD')
      .assertReply(says("OK, let's log an incident.", 'Which terminal?'))
      .send('cancel')
      .assertReply(
        'OK, cancelled: I did not log an incident. I still remember alert ID 4711 if you need it later.',
      )
      .send('status')
      .assertReply(says('Nothing is in progress.', 'alert ID 4711', 'system PRD'));
  });

  it('help mid-form explains what is asked and why, then asks again', async () => {
    await harness.adapter
      .send('register alert 4711')
      .assertReply(says("OK, let's log an incident", 'Which terminal?'))
      .send('help')
      .assertReply(
        says(
          "I'm asking for the terminal to log an incident.",
          'The log names the source.',
          '"PC-0815"',
          'Which terminal?',
        ),
      );
  });

  it('help on the optional slot says it can be skipped', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815')
      .assertReply(says("OK, let's log an incident", 'Which priority?'))
      .send('help')
      .assertReply(says('It is optional: say "skip"', 'Which priority?'))
      .send('P1')
      .assertReply(confirms('at priority P1?'));
  });

  it('status mid-form lists what is filled and what is still needed, without counting as a wrong answer', async () => {
    await harness.adapter
      .send('register alert 4711')
      .assertReply(says("OK, let's log an incident", 'Which terminal?'))
      .send('status')
      .assertReply(
        'Log an incident: I have alert ID 4711. Still needed: terminal. Optional: priority.\n\nWhich terminal? (e.g. PC-0815)',
      )
      .send('what do you have')
      .assertReply(says('Still needed: terminal.', 'Which terminal?'))
      .send('no idea yet')
      .assertReply(says("That doesn't look like a terminal"))
      .send('still no idea')
      .assertReply(says("That doesn't look like a terminal"))
      .send('PC-0815')
      .assertReply(says('Which priority?'));
  });

  it('help and status at the confirmation', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's log an incident", 'Log incident 4711'))
      .send('help')
      .assertReply(confirms('nothing happens until you confirm', 'Log incident 4711'))
      .send('status')
      .assertReply(confirms('waiting for your confirmation', 'Log incident 4711'));
  });

  it('accepts a correction while asking for another slot', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815')
      .assertReply(says("OK, let's log an incident", 'Which priority?'))
      .send('no, the terminal is PC-0816')
      .assertReply(
        'Changed terminal from PC-0815 to PC-0816.\n\nWhich priority? Say "skip" for none. (e.g. P2)',
      )
      .send('P4')
      .assertReply(confirms('Log incident 4711 from PC-0816 at priority P4?'));
  });

  it('accepts a correction at the confirmation and confirms again', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's log an incident", 'from PC-0815'))
      .send('no, the terminal is PC-0816')
      .assertReply(
        confirmsExactly(
          'Changed terminal from PC-0815 to PC-0816.\n\nLog incident 4711 from PC-0816 at priority P2? Say "yes" to confirm or "no" to cancel; you can still correct a value.',
        ),
      )
      .send(cardSubmit('confirm', 'log-incident'))
      .assertReply('Logged incident 4711 from PC-0816 at P2.');
  });

  it('"no" and the Cancel button at the confirmation do nothing', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's log an incident", 'Log incident 4711'))
      .send('no')
      .assertReply(says('OK, cancelled: I did not log an incident.'))
      .send('register an alert')
      .assertReply(confirms('I have alert ID 4711', 'Log incident 4711'))
      .send(cardSubmit('cancel', 'log-incident'))
      .assertReply(says('OK, cancelled'))
      .send(cardSubmit('confirm', 'log-incident'))
      .assertReply(says("There's nothing waiting for confirmation"));
  });

  it('asks for a yes or no when the answer at the confirmation is neither', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's log an incident", 'Log incident 4711'))
      .send('hmm, maybe later today')
      .assertReply(
        confirmsExactly(
          'I need a yes or no here, or a corrected value.\n\nLog incident 4711 from PC-0815 at priority P2? Say "yes" to confirm or "no" to cancel; you can still correct a value.',
        ),
      );
  });

  it('does not let a card button confirm before the form is complete, nor one of another skill', async () => {
    await harness.adapter
      .send('register alert 4711')
      .assertReply(says("OK, let's log an incident", 'Which terminal?'))
      .send(cardSubmit('confirm'))
      .assertReply("There's nothing to confirm yet.\n\nWhich terminal? (e.g. PC-0815)")
      .send(cardSubmit('confirm', 'page-oncall'))
      .assertReply('That button belongs to an earlier request.\n\nWhich terminal? (e.g. PC-0815)');
  });

  it('does not let an old Confirm card of the same skill confirm a later request, and says what became of it', async () => {
    let oldConfirm: unknown;
    let newConfirm: unknown;
    const confirmData =
      (keep: (data: unknown) => void) =>
      (activity: Partial<Activity>): void => {
        says("OK, let's log an incident")(activity);
        const card = activity.attachments?.[0]?.content as { actions: { data: unknown }[] };
        keep(card.actions[0]?.data);
      };
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P2')
      .assertReply(confirmData((data) => (oldConfirm = data)))
      .send('no')
      .assertReply(says('OK, cancelled'))
      .send('register alert 4712 from terminal PC-0999, P3')
      .assertReply(confirmData((data) => (newConfirm = data)));
    await harness.adapter
      .send({ type: 'message', value: oldConfirm })
      .assertReply(
        confirmsExactly(
          `That card's request was cancelled, so I did nothing with the button. This is where we are now:\n\nLog incident 4712 from PC-0999 at priority P3? Say "yes" to confirm or "no" to cancel; you can still correct a value.`,
        ),
      );
    expect(oldConfirm).toMatchObject({ action: 'confirm', skill: 'log-incident' });
    await harness.adapter
      .send({ type: 'message', value: newConfirm })
      .assertReply('Logged incident 4712 from PC-0999 at P3.')
      .send({ type: 'message', value: newConfirm })
      .assertReply(
        "There's nothing waiting for confirmation: that card's request was already confirmed and done, so I did nothing with the button.",
      );
  });

  it('switches to another skill mid-form, keeping the first aside and carrying the shared values', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC')
      .assertReply(says("OK, let's log an incident", 'Which terminal?'))
      .send('actually, just tell Basis')
      .assertReply(
        confirms(
          'I\'ve kept "log an incident" (alert ID 4711) aside, nothing done yet; we\'ll come back to it.',
          "OK, let's page the on-call engineer. I have user DDIC, system PRD.",
          'Page on-call about DDIC on PRD?',
        ),
      )
      .send('yes')
      .assertReply(
        says(
          'Paged on-call about DDIC on PRD.',
          'Back to "log an incident": I have alert ID 4711.',
          'Which terminal?',
        ),
      );
  });

  it('does not pre-fill a new alert with the details of a declined or cancelled one, but does for the same alert again', async () => {
    await harness.adapter
      .send('register alert 5000 from terminal WS-9, P1')
      .assertReply(confirms("OK, let's log an incident", 'Log incident 5000 from WS-9 at priority P1?'))
      .send('no')
      .assertReply(says('OK, cancelled: I did not log an incident.', 'alert ID 5000', 'terminal WS-9'))
      .send('register alert 5001')
      .assertReply(
        "OK, let's log an incident. I have alert ID 5001. (A new alert: I did not reuse the details of alert 5000.)\n\nWhich terminal? (e.g. PC-0815)",
      )
      .send('cancel')
      .assertReply(says('OK, cancelled: I did not log an incident.'))
      .send('register alert 5001')
      .assertReply(says("OK, let's log an incident. I have alert ID 5001.", 'Which terminal?'));
  });

  it('does not pre-fill a new alert with the details of one stopped after three wrong answers, nor of one put down by "no, that\'s wrong"', async () => {
    await harness.adapter
      .send('register alert 5000, P1')
      .assertReply(says('Which terminal?'))
      .send('???')
      .assertReply(says('Which terminal?'))
      .send('???')
      .assertReply(says('Which terminal?'))
      .send('???')
      .assertReply(says("That's three tries for the terminal"))
      .send('register alert 5001')
      .assertReply(says('I have alert ID 5001.', '(A new alert: I did not reuse the details of alert 5000.)'))
      .send('cancel')
      .assertReply(says('OK, cancelled'))
      .send('register alert 5002, P1')
      .assertReply(says('Which terminal?'))
      .send("no, that's wrong")
      .assertReply(says('I dropped'))
      .send('register alert 5003')
      .assertReply(
        says('I have alert ID 5003.', '(A new alert: I did not reuse the details of alert 5002.)'),
      );
  });

  it('cancelling a form without an alert ID keeps the facts stated since the last alert', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P1')
      .assertReply(confirms("OK, let's log an incident", 'Log incident 4711'))
      .send('yes')
      .assertReply(says('Logged incident 4711'))
      .send('the terminal is PC-0999')
      .assertReply(
        'Nothing is open to change, so I changed nothing for alert 4711. Noted for what you start next: terminal PC-0999.',
      )
      .send('actually, just tell Basis')
      .assertReply(says("OK, let's page the on-call engineer."))
      .send('cancel')
      .assertReply(says('OK, cancelled: I did not page the on-call engineer.'))
      .send('register alert 4712')
      .assertReply(
        says(
          "OK, let's log an incident. I have alert ID 4712, terminal PC-0999. (A new alert: I did not reuse the details of alert 4711.)",
        ),
      );
  });

  it("keeps a cancelled alert's details for that same alert", async () => {
    await harness.adapter
      .send('register alert 5000 from terminal WS-9')
      .assertReply(says("OK, let's log an incident", 'Which priority?'))
      .send('cancel')
      .assertReply(says('OK, cancelled', 'terminal WS-9'))
      .send('register alert 5000')
      .assertReply(
        says("OK, let's log an incident. I have alert ID 5000, terminal WS-9.", 'Which priority?'),
      );
  });

  it('does not pre-fill a new alert with the details of the one just finished, but keeps facts stated since', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P1')
      .assertReply(confirms("OK, let's log an incident", 'Log incident 4711'))
      .send('yes')
      .assertReply(says('Logged incident 4711'))
      .send('the user is SAPSTAR')
      .assertReply('Noted: user SAPSTAR.')
      .send('the terminal is PC-0999')
      .assertReply(
        'Nothing is open to change, so I changed nothing for alert 4711. Noted for what you start next: terminal PC-0999.',
      )
      .send('register alert 4712')
      .assertReply(
        'OK, let\'s log an incident. I have alert ID 4712, terminal PC-0999. (A new alert: I did not reuse the details of alert 4711.)\n\nWhich priority? Say "skip" for none. (e.g. P2)',
      );
  });
});
