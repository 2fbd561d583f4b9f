import { ANA, EVE, startLifecycleChat, type LifecycleChat } from './helpers/lifecycle-chat';

/** skills/lookup-alert on the shipped model: by reference, by alert ID (and system), and "it" afterwards. */
describe('skills/lookup-alert', () => {
  let chat: LifecycleChat;
  beforeEach(async () => {
    chat = await startLifecycleChat();
  });
  afterEach(async () => {
    await chat.dispose();
  });

  it('"status of SOC-…" answers at once with what the register holds, and the alert becomes "it"', async () => {
    const alert = await chat.register({ title: 'Logon with DDIC from unknown terminal' });
    const answer = await chat.say(`status of ${alert.ref}`, ANA);
    expect(answer).toContain(`${alert.ref}: alert 4711 on PRD, P2, user DDIC from terminal PC-0815`);
    expect(answer).toContain('"Logon with DDIC from unknown terminal"');
    expect(answer).toContain('Status: registered, no lead yet.');
    expect(answer).not.toMatch(/Say "yes"|confirm/i);
    expect(chat.memoryOf(ANA).form).toBeUndefined();
    expect(chat.memoryOf(ANA).about).toEqual({ ref: alert.ref });

    // "it" is the alert just looked up.
    expect(await chat.say("I'll take it", ANA)).toContain(`You lead ${alert.ref} now`);
    expect((await chat.app.store.alerts.view(alert.ref))?.lead).toEqual({ id: 'ana@corp.com', name: 'Ana' });
  });

  it("shows the SIEM's text and notes as text: markdown in them never becomes a link", async () => {
    const alert = await chat.register({
      title: 'Logon [click here](https://evil.example)',
      description: 'see <b>this</b> and *that*',
    });
    await chat.app.alertLifecycle.note(
      { actor: ANA.actor, ref: alert.ref, requestId: 'n1' },
      'user said ![x](https://evil.example/x.png)',
    );
    const answer = await chat.say(`status of ${alert.ref}`, ANA);
    expect(answer).toContain('"Logon \\[click here\\]\\(https://evil.example\\)"');
    expect(answer).toContain('"see \\<b\\>this\\</b\\> and \\*that\\*"');
    expect(answer).toContain('"user said !\\[x\\]\\(https://evil.example/x.png\\)"');
    expect(answer).not.toContain('](https');
  });

  it('"what do we have on alert 4711?" finds the latest alert with that ID, "… on QAS" the one on that system', async () => {
    const onPrd = await chat.register({ alertId: '4711', system: 'PRD' });
    const onQas = await chat.register({ alertId: '4711', system: 'QAS' });
    expect(await chat.say('what do we have on alert 4711?', ANA)).toContain(
      `${onQas.ref}: alert 4711 on QAS`,
    );
    expect(await chat.say('what do we have on alert 4711 on PRD?', ANA)).toContain(
      `${onPrd.ref}: alert 4711 on PRD`,
    );
    expect(chat.memoryOf(ANA).about).toEqual({ ref: onPrd.ref });
  });

  it('says when an alert ID is registered more than once, which alert it took and which others there are', async () => {
    const first = await chat.register({ alertId: '4711', system: 'PRD' });
    const second = await chat.register({ alertId: '4711', system: 'PRD' });
    const onQas = await chat.register({ alertId: '4711', system: 'QAS' });
    const answer = await chat.say('what do we have on alert 4711 on PRD?', ANA);
    expect(answer).toContain(
      `Alert 4711 on PRD is registered more than once: I took the latest, ${second.ref} (also ${first.ref}). ` +
        'Name the reference to work on another one.',
    );
    expect(answer).toContain(`${second.ref}: alert 4711 on PRD`);
    expect(await chat.say('what do we have on alert 4711?', ANA)).toContain(
      `I took the latest, ${onQas.ref} (also ${first.ref}, ${second.ref}).`,
    );
    expect(await chat.say(`status of ${first.ref}`, ANA)).not.toContain('more than once');
  });

  it('an alert ID no registered alert has is said, and "it" is not used instead', async () => {
    const known = await chat.register();
    await chat.say(`status of ${known.ref}`, ANA);
    const answer = await chat.say('what do we have on alert 9999?', ANA);
    expect(answer).toContain('I have no registered alert with alert ID 9999');
    expect(answer).toContain('Which alert?');
    expect(answer).not.toContain(`${known.ref}: alert`);
  });

  it('asks "Which alert?" when nothing names one, a few times, then stops saying what to type', async () => {
    await chat.register();
    expect(await chat.say('look up an alert', ANA)).toContain('Which alert?');
    // An answer that is no reference or alert ID counts as a try ("yes" to "Which alert?").
    expect(await chat.say('yes', ANA)).toContain("That doesn't look like an alert");
    expect(await chat.say('yes', ANA)).toContain('Which alert?');
    const stopped = await chat.say('yes', ANA);
    expect(stopped).toContain("That's three tries for the alert");
    expect(stopped).toContain('say "status of SOC-2026-0001"');
    expect(chat.memoryOf(ANA).form).toBeUndefined();
  });

  it('someone without a role is told why before any question, and the refusal is audited', async () => {
    const alert = await chat.register();
    const answer = await chat.say(`status of ${alert.ref}`, EVE);
    expect(answer).toContain("I can't look up an alert for you, so I won't ask for the details.");
    expect(answer).not.toContain('Which alert?');
    expect(answer).not.toContain('PC-0815');
    expect(chat.memoryOf(EVE).form).toBeUndefined();
    expect(
      chat.audited.some((entry) => entry.action === 'refusal' && entry.summary === 'start: look up an alert'),
    ).toBe(true);
  });
});
