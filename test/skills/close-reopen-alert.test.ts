import { ANA, LEA, MARIA, startLifecycleChat, type LifecycleChat } from './helpers/lifecycle-chat';

/** skills/close-alert, reopen-alert, note-alert and contain-alert in one analyst's working day. */
describe('skills/note-, contain-, close-, reopen-alert', () => {
  let chat: LifecycleChat;
  beforeEach(async () => {
    chat = await startLifecycleChat();
  });
  afterEach(async () => {
    await chat.dispose();
  });

  it('note and contain answer at once; the close asks for confirmation and says what became of the ticket', async () => {
    const alert = await chat.register();
    await chat.say(`status of ${alert.ref}`, ANA);
    await chat.say("I'll take it", ANA);
    expect(await chat.say('add a note: called the user, he confirms the logon', ANA)).toBe(
      `Noted on ${alert.ref} (its first note).`,
    );
    expect(await chat.say('mark it contained', ANA)).toContain(`Marked ${alert.ref} contained`);
    const asked = await chat.say('close it as a false positive', ANA);
    expect(asked).toContain(`Close ${alert.ref} as false positive?`);
    expect((await chat.app.store.alerts.view(alert.ref))?.status).toBe('contained');
    expect(await chat.say('yes', ANA)).toBe(
      `Closed ${alert.ref} as false positive. No ticketing system is configured (TICKETING=none), so no ticket was updated.`,
    );
    const closed = await chat.app.store.alerts.view(alert.ref);
    expect(closed).toMatchObject({ status: 'closed', classification: 'false_positive' });
    expect(closed?.notes.map((note) => note.text)).toEqual(['called the user, he confirms the logon']);
    // Every change is on the alert's timeline (audited with its reference).
    const changes = chat.audited.filter(
      (entry) => entry.action === 'command' && entry.alertRef === alert.ref,
    );
    expect(changes.map((entry) => entry.details?.change)).toEqual(['lead', 'note', 'contain', 'close']);
  });

  it('"SOC-… was expected activity" names alert and classification; a missing classification is asked', async () => {
    const first = await chat.register();
    const second = await chat.register({ alertId: '4712' });
    expect(await chat.say(`${first.ref} was expected activity`, LEA)).toContain(
      `Close ${first.ref} as expected activity?`,
    );
    await chat.say('yes', LEA);
    expect((await chat.app.store.alerts.view(first.ref))?.classification).toBe('expected_activity');

    expect(await chat.say(`close ${second.ref}`, LEA)).toContain('What was it: a false positive');
    expect(await chat.say('a false alarm', LEA)).toContain(`Close ${second.ref} as false positive?`);
    await chat.say('yes', LEA);
    expect((await chat.app.store.alerts.view(second.ref))?.classification).toBe('false_positive');
  });

  it('an analyst who does not lead the alert is refused with the rule before any question, audited; nothing changes', async () => {
    const alert = await chat.register();
    await chat.app.alertLifecycle.takeLead({ actor: MARIA.actor, ref: alert.ref, requestId: 'maria-takes' });
    const refused = await chat.say(`close ${alert.ref}`, ANA);
    expect(refused).toBe(
      "I can't close an alert for you, so I did nothing. " +
        'An analyst closes only an alert they lead; Maria leads this one. Ask them or a SOC lead.',
    );
    expect(refused).not.toContain('What was it');
    expect(refused).not.toContain(`Close ${alert.ref}`);
    expect(chat.memoryOf(ANA).form).toBeUndefined();
    expect(chat.memoryOf(ANA).ended?.at(-1)?.outcome).toBe('refused');
    expect((await chat.app.store.alerts.view(alert.ref))?.status).toBe('investigating');
    const refusals = chat.audited.filter(
      (entry) => entry.action === 'refusal' && entry.alertRef === alert.ref,
    );
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.summary).toBe('start: close an alert');
    expect(chat.audited.some((entry) => entry.action === 'confirmation')).toBe(false);
  });

  it('the alert given as the answer to "Which alert?" is checked before the next question', async () => {
    const alert = await chat.register();
    await chat.app.alertLifecycle.takeLead({ actor: MARIA.actor, ref: alert.ref, requestId: 'maria-takes' });
    expect(await chat.say('close an alert', ANA)).toContain('Which alert?');
    const refused = await chat.say(alert.ref, ANA);
    expect(refused).toContain('An analyst closes only an alert they lead; Maria leads this one.');
    expect(refused).not.toContain('What was it');
    expect(chat.memoryOf(ANA).ended?.at(-1)?.outcome).toBe('refused');
  });

  it('"it" (the alert the conversation is about) is checked before the first question', async () => {
    const alert = await chat.register();
    await chat.app.alertLifecycle.takeLead({ actor: MARIA.actor, ref: alert.ref, requestId: 'maria-takes' });
    await chat.say(`status of ${alert.ref}`, ANA);
    const refused = await chat.say('close it', ANA);
    expect(refused).toContain('An analyst closes only an alert they lead; Maria leads this one.');
    expect(refused).not.toContain('What was it');
  });

  it('an analyst who leads the alert is still asked, confirms and closes it', async () => {
    const alert = await chat.register();
    await chat.say(`I'll take ${alert.ref}`, ANA);
    expect(await chat.say(`close ${alert.ref}`, ANA)).toContain('What was it: a false positive');
    expect(await chat.say('a true positive', ANA)).toContain(`Close ${alert.ref} as true positive?`);
    expect(await chat.say('yes', ANA)).toContain(`Closed ${alert.ref} as true positive.`);
    expect(chat.audited.some((entry) => entry.action === 'refusal')).toBe(false);
  });

  it('a lead reopens "it" after confirming; an analyst is refused before any question', async () => {
    const alert = await chat.register();
    await chat.say(`${alert.ref} was a false positive`, LEA);
    await chat.say('yes', LEA);
    const refused = await chat.say('reopen it', ANA);
    expect(refused).toContain(
      "I can't reopen an alert for you, so I won't ask for the details. Reopening a closed alert needs the lead role",
    );
    expect(refused).not.toContain(`Reopen ${alert.ref}?`);
    expect(chat.memoryOf(ANA).form).toBeUndefined();
    expect(await chat.say('reopen it', LEA)).toContain(`Reopen ${alert.ref}?`);
    expect(await chat.say('yes', LEA)).toContain(`Reopened ${alert.ref} (investigating, no lead yet).`);
    expect(await chat.app.store.alerts.view(alert.ref)).toMatchObject({
      status: 'investigating',
      classification: null,
    });
  });

  it('a change the state does not allow is said, with what is possible', async () => {
    const alert = await chat.register();
    await chat.say(`${alert.ref} was a false positive`, LEA);
    await chat.say('yes', LEA);
    expect(await chat.say('mark it contained', LEA)).toBe(
      `${alert.ref} is closed, so it cannot be changed by "contain". Possible now: note, reopen.`,
    );
  });
});
