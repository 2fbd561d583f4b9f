import { accessConfigOf } from '../../src/access/access-config';
import { emptyMemory } from '../../src/conversation/conversation-memory';
import {
  ANA,
  EVE,
  LEA,
  LOCAL,
  MARIA,
  startLifecycleChat,
  type LifecycleChat,
} from './helpers/lifecycle-chat';

/** skills/take-alert and skills/assign-alert: who may take and hand over alerts, and how people are named. */
describe('skills/take-alert and skills/assign-alert', () => {
  let chat: LifecycleChat;
  beforeEach(async () => {
    chat = await startLifecycleChat();
  });
  afterEach(async () => {
    await chat.dispose();
  });

  it('an analyst takes an unassigned alert at once; another analyst is refused with the rule, audited', async () => {
    const alert = await chat.register();
    expect(await chat.say(`I'll take ${alert.ref}`, ANA)).toBe(
      `You lead ${alert.ref} now (investigating, lead Ana).`,
    );
    const confirmations = () => chat.audited.filter((entry) => entry.action === 'confirmation').length;
    const before = confirmations();
    const refused = await chat.say(`I'll take ${alert.ref}`, MARIA);
    expect(refused).toBe(
      "I can't take the lead of an alert for you, so I did nothing. " +
        'Assigning an alert to someone else needs the lead role; you are analyst. Ask a SOC lead.',
    );
    // Refused before the skill acts: nothing was journalled or recorded as asked.
    expect(confirmations()).toBe(before);
    expect((await chat.app.store.alerts.view(alert.ref))?.lead?.id).toBe('ana@corp.com');
    expect(chat.memoryOf(MARIA).ended?.at(-1)?.outcome).toBe('refused');
    expect(
      chat.audited.filter((entry) => entry.action === 'refusal' && entry.alertRef === alert.ref),
    ).toHaveLength(1);
  });

  it('a lead taking over an alert someone else leads is told who leads it and must insist; their own is taken at once', async () => {
    const alert = await chat.register();
    expect(await chat.say(`I'll take ${alert.ref}`, ANA)).toBe(
      `You lead ${alert.ref} now (investigating, lead Ana).`,
    );
    const warned = await chat.say(`I'll take ${alert.ref}`, LEA);
    expect(warned).toBe(
      `Ana leads ${alert.ref} (investigating): take the lead from them? ` +
        'Say "yes anyway" if you still want to take the lead of an alert, or "no" to cancel.',
    );
    expect((await chat.app.store.alerts.view(alert.ref))?.lead?.id).toBe('ana@corp.com');
    // A plain "yes" may be the first answer sent twice: it takes nothing.
    expect(await chat.say('yes', LEA)).toContain('so I did nothing');
    expect((await chat.app.store.alerts.view(alert.ref))?.lead?.id).toBe('ana@corp.com');
    expect(await chat.say('yes anyway', LEA)).toBe(`You lead ${alert.ref} now (investigating, lead Lea).`);
    expect((await chat.app.store.alerts.view(alert.ref))?.lead?.id).toBe('lea@corp.com');
    // Taking one's own alert again asks nothing.
    expect(await chat.say(`I'll take ${alert.ref}`, LEA)).toBe(
      `You lead ${alert.ref} now (investigating, lead Lea).`,
    );
  });

  it('taking over, kept aside at the warning by a look-up, asks the warning again when it comes back', async () => {
    const alert = await chat.register();
    await chat.app.alertLifecycle.takeLead({ actor: ANA.actor, ref: alert.ref, requestId: 'r1' });
    expect(await chat.say(`I'll take ${alert.ref}`, LEA)).toContain('Say "yes anyway"');
    const back = await chat.say(`status of ${alert.ref}`, LEA);
    expect(back).toContain(`${alert.ref}: alert 4711 on PRD`);
    expect(back).toContain(
      `Back to "take the lead of an alert": I have alert ${alert.ref}. ` +
        `Ana leads ${alert.ref} (investigating): take the lead from them? Say "yes anyway"`,
    );
    expect(back).not.toContain('Say "yes" to confirm');
    expect(await chat.say('yes', LEA)).toContain('so I did nothing');
    expect((await chat.app.store.alerts.view(alert.ref))?.lead?.id).toBe('ana@corp.com');
    expect(await chat.say('yes anyway', LEA)).toBe(`You lead ${alert.ref} now (investigating, lead Lea).`);
  });

  it('a warning that no longer applies when the form comes back is not asked: a plain "yes" takes the lead', async () => {
    const alert = await chat.register();
    await chat.app.alertLifecycle.takeLead({ actor: ANA.actor, ref: alert.ref, requestId: 'r1' });
    expect(await chat.say(`I'll take ${alert.ref}`, LEA)).toContain('Say "yes anyway"');
    // Meanwhile Lea took it elsewhere (the SIEM card): nobody else leads it any more.
    await chat.app.alertLifecycle.takeLead({ actor: LEA.actor, ref: alert.ref, requestId: 'r2' });
    const back = await chat.say(`status of ${alert.ref}`, LEA);
    expect(back).toContain(
      `Back to "take the lead of an alert": I have alert ${alert.ref}. Take the lead of ${alert.ref}? Say "yes" to confirm`,
    );
    expect(back).not.toContain('Ana leads');
    expect(await chat.say('yes', LEA)).toBe(`You lead ${alert.ref} now (investigating, lead Lea).`);
  });

  it('asks nothing more for a closed alert (it cannot be taken) nor for a lead named before socbot kept identities', async () => {
    const closed = await chat.register();
    await chat.app.alertLifecycle.takeLead({ actor: ANA.actor, ref: closed.ref, requestId: 'r1' });
    await chat.app.alertLifecycle.close(
      { actor: LEA.actor, ref: closed.ref, requestId: 'r2' },
      'false_positive',
    );
    expect(await chat.say(`I'll take ${closed.ref}`, LEA)).toContain(`${closed.ref} is closed`);
    const named = await chat.register({ alertId: '4712' });
    // A line written before identities were kept: the lead's name only, nobody's alert.
    await chat.app.store.alerts.change({
      ref: named.ref,
      action: 'lead',
      lead: 'Ana',
      by: 'Ana',
      requestId: 'r3',
    });
    expect(await chat.say(`I'll take ${named.ref}`, ANA)).toBe(
      `You lead ${named.ref} now (investigating, lead Ana).`,
    );
  });

  it('"I\'ll take it" without an alert in the conversation asks which one, then takes it', async () => {
    const alert = await chat.register();
    expect(await chat.say("I'll take it", ANA)).toContain('Which alert?');
    expect(await chat.say('alert 4711', ANA)).toBe(`You lead ${alert.ref} now (investigating, lead Ana).`);
    // A bare alert ID answers the question too.
    const other = await chat.register({ alertId: '4712' });
    expect(await chat.say("I'll take it", MARIA)).toContain('Which alert?');
    expect(await chat.say('4712', MARIA)).toBe(`You lead ${other.ref} now (investigating, lead Maria).`);
  });

  it('an analyst assigning someone else is refused before any question, audited', async () => {
    const alert = await chat.register();
    const refused = await chat.say(`assign ${alert.ref} to Maria`, ANA);
    expect(refused).toBe(
      "I can't assign an alert for you, so I won't ask for the details. " +
        'Assigning an alert to someone else needs the lead role; you are analyst. Ask a SOC lead.',
    );
    expect(chat.memoryOf(ANA).form).toBeUndefined();
    expect(
      chat.audited.some((entry) => entry.action === 'refusal' && entry.summary === 'start: assign an alert'),
    ).toBe(true);
    expect((await chat.app.store.alerts.view(alert.ref))?.lead).toBeNull();
  });

  it('someone without any role is refused before any question', async () => {
    const alert = await chat.register();
    const refused = await chat.say(`I'll take ${alert.ref}`, EVE);
    expect(refused).toContain("I can't take the lead of an alert for you, so I won't ask for the details.");
    expect(refused).toContain("you are not in socbot's role configuration");
    expect(refused).not.toContain('Which alert?');
  });

  it('a lead assigns by a first name only one e-mail starts with, after confirming', async () => {
    const alert = await chat.register();
    expect(await chat.say(`assign ${alert.ref} to Maria`, LEA)).toContain(
      `Make Maria the lead of ${alert.ref}?`,
    );
    expect(await chat.say('yes', LEA)).toBe(`maria.rossi@corp.com leads ${alert.ref} now.`);
    expect((await chat.app.store.alerts.view(alert.ref))?.lead?.id).toBe('maria.rossi@corp.com');
    expect(chat.memoryOf(LEA).about).toEqual({ ref: alert.ref });
  });

  it('a person socbot does not know is said at once, before the confirmation; the alert is kept and the person asked again', async () => {
    const alert = await chat.register();
    expect(await chat.say(`assign ${alert.ref} to bob`, LEA)).toBe(
      `OK, let's assign an alert. I have alert ${alert.ref}. ${UNKNOWN_BOB} ${WHO_LEADS}`,
    );
    const form = chat.memoryOf(LEA).form;
    expect(form?.values).toEqual({ alert: alert.ref });
    expect(form?.awaiting).toEqual({ kind: 'slot', slot: 'person', failures: 1 });
    // Bad input, not a refusal: nothing confirmed, refused or changed.
    expect(chat.audited.filter((entry) => ['confirmation', 'refusal'].includes(entry.action))).toEqual([]);
    expect((await chat.app.store.alerts.view(alert.ref))?.lead).toBeNull();
    expect(await chat.say('maria.rossi@corp.com', LEA)).toContain(
      `Make maria.rossi@corp.com the lead of ${alert.ref}?`,
    );
    expect(await chat.say('yes', LEA)).toBe(`maria.rossi@corp.com leads ${alert.ref} now.`);
  });

  it('an unknown person given as the answer, or as a correction at the confirmation, is asked again; three tries stop', async () => {
    const alert = await chat.register();
    await chat.say(`assign ${alert.ref} to Maria`, LEA);
    expect(await chat.say('assign it to bob', LEA)).toBe(
      `Changed new lead from Maria to bob. ${UNKNOWN_BOB} ${WHO_LEADS}`,
    );
    expect(await chat.say('carl', LEA)).toBe(
      `"carl" is not an analyst or SOC lead socbot knows. ${HOW_TO_NAME} ${WHO_LEADS}`,
    );
    expect(await chat.say('dave', LEA)).toBe(
      `"dave" is not an analyst or SOC lead socbot knows. ${HOW_TO_NAME} ` +
        "That's three tries for the new lead, so let's stop here; nothing was done. " +
        `I kept what you gave me (alert ${alert.ref}). ` +
        'When you have the new lead, say "assign SOC-2026-0001 to Maria" to pick up where we left off.',
    );
    expect(chat.memoryOf(LEA).form).toBeUndefined();
    expect(chat.audited.some((entry) => entry.action === 'confirmation')).toBe(false);
    expect((await chat.app.store.alerts.view(alert.ref))?.lead).toBeNull();
  });

  it('a first name several e-mails start with is not guessed: it says who matches before the confirmation', async () => {
    const alert = await chat.register();
    expect(await chat.say(`assign ${alert.ref} to Mari`, LEA)).toBe(
      `OK, let's assign an alert. I have alert ${alert.ref}. ` +
        `"Mari" could be maria.rossi@corp.com or mario.verdi@corp.com. Name the person by their e-mail. ${WHO_LEADS}`,
    );
    expect((await chat.app.store.alerts.view(alert.ref))?.lead).toBeNull();
    expect(await chat.say('mario.verdi@corp.com', LEA)).toContain(
      `Make mario.verdi@corp.com the lead of ${alert.ref}?`,
    );
    expect(await chat.say('yes', LEA)).toBe(`mario.verdi@corp.com leads ${alert.ref} now.`);
  });

  it('a number said in a command names the alert by its alert ID, never the alert the conversation is about', async () => {
    const first = await chat.register();
    const second = await chat.register({ alertId: '4712', terminal: 'LAPTOP-77' });
    await chat.say(`show ${first.ref}`, LEA);
    expect(await chat.say("I'll take 4712", LEA)).toContain(`You lead ${second.ref} now`);
    // An alert ID nobody registered: said so, and nothing is noted on the alert of the conversation.
    const unknown = await chat.say('add a note to 9999: called the user', LEA);
    expect(unknown).toContain('alert ID 9999');
    expect(unknown).not.toContain(`Noted on ${first.ref}`);
    expect((await chat.app.store.alerts.view(first.ref))?.notes).toEqual([]);
  });

  it("tells whose e-mails a name could be only to the SOC's people: a member without a role answering a lead's form is not told", async () => {
    const alert = await chat.register();
    const shared = emptyMemory();
    await chat.say(`assign ${alert.ref}`, LEA, shared);
    // Eve, in the same conversation, has no role: refused at the confirmation as before, never shown e-mails.
    expect(await chat.say('mar', EVE, shared)).not.toContain('maria.rossi@corp.com');
  });

  it('"it" is the alert of the form at hand, not the one looked up before it', async () => {
    const first = await chat.register();
    const second = await chat.register({ alertId: '4712' });
    await chat.say(`show ${first.ref}`, LEA);
    await chat.say(`assign ${second.ref}`, LEA);
    expect(await chat.say('cancel', LEA)).toContain('OK, cancelled');
    expect(await chat.say("I'll take it", LEA)).toContain(`You lead ${second.ref} now`);
  });

  it('a form brought back with a person socbot does not know does not claim to have them', async () => {
    const alert = await chat.register();
    await chat.say(`assign ${alert.ref} to Maria`, LEA);
    // Another form puts the assignment aside (it asks how to classify the alert).
    expect(await chat.say('close it', LEA)).toContain('I\'ve kept "assign an alert"');
    const back = await chat.say('assign it to bob', LEA);
    expect(back).not.toMatch(/I have [^.]*new lead bob/);
    expect(back).not.toContain('Changed new lead');
    expect(back).toContain(UNKNOWN_BOB);
  });

  it('after three people socbot does not know, the alert is kept as the reply says: "assign it to …" goes on with it', async () => {
    const alert = await chat.register();
    await chat.say(`assign ${alert.ref} to bob`, LEA);
    await chat.say('carl', LEA);
    expect(await chat.say('dave', LEA)).toContain("That's three tries for the new lead");
    expect(await chat.say('assign it to maria.rossi@corp.com', LEA)).toContain(
      `Make maria.rossi@corp.com the lead of ${alert.ref}?`,
    );
  });

  it('with no roles configured nobody can be assigned, as the lifecycle rules: said before the confirmation, with what to do, and the form ends', async () => {
    const open = await startLifecycleChat({ access: accessConfigOf({}) });
    try {
      const alert = await open.register();
      expect(await open.say(`assign ${alert.ref} to ana@corp.com`, LOCAL)).toBe(
        `OK, let's assign an alert. I have alert ${alert.ref}. ` +
          '"ana@corp.com" is not an analyst or SOC lead socbot knows: socbot has no roles configured yet, ' +
          'so it knows nobody to assign an alert to. Take the lead yourself ("I\'ll take it"); ' +
          'an administrator assigns roles with SOCBOT_ROLES or SOCBOT_ROLES_FILE. ' +
          // Asking again could not help: nobody can be named here.
          'So I stopped here; nothing was done.',
      );
      expect(await open.say(`I'll take ${alert.ref}`, LOCAL)).toBe(
        `You lead ${alert.ref} now (investigating, lead You).`,
      );
    } finally {
      await open.dispose();
    }
  });
});

/** How the lifecycle says to name a lead, after "… is not an analyst or SOC lead socbot knows." */
const HOW_TO_NAME =
  'Name the person by the e-mail (or a first name only one e-mail starts with), Entra object id or channel id ' +
  'that SOCBOT_ROLES (or SOCBOT_ROLES_FILE) gives the analyst or lead role; display names are not unique.';
const UNKNOWN_BOB = `"bob" is not an analyst or SOC lead socbot knows. ${HOW_TO_NAME}`;
/** The assign skill's question for the person (skills/assign-alert/manifest.ts). */
const WHO_LEADS =
  "Who should lead it? Name them by e-mail, or by a first name only one analyst's e-mail starts with. " +
  '(e.g. maria.rossi@corp.com)';
