import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REVIEW_FILE_NAME } from '../../src/store/review-queue';
import { EVE, LEA, startLifecycleChat, type LifecycleChat } from '../skills/helpers/lifecycle-chat';

/**
 * "no, I meant …", "no, that's wrong" and a pressed suggestion (issue 17): on the model trained
 * from the shipped corpus, the earlier message goes to the review queue with the intent meant.
 */
describe('corrections of a confident reading go to the review queue', () => {
  let chat: LifecycleChat;
  beforeEach(async () => {
    chat = await startLifecycleChat();
  });
  afterEach(async () => {
    await chat.dispose();
  });

  /** The queue as written to disk: what `socbot review` reads. */
  async function queuedOnDisk(): Promise<Record<string, unknown>[]> {
    await chat.app.store.reviews.flush();
    const file = path.join(chat.app.store.dataDir, REVIEW_FILE_NAME);
    return (JSON.parse(await readFile(file, 'utf8')) as { items: Record<string, unknown>[] }).items;
  }

  it('"no, I meant …" queues the misread message with the intent meant, drops its unconfirmed form and does X', async () => {
    const alert = await chat.register();
    await chat.say(`status of ${alert.ref}`);
    const closing = await chat.turn('close it as a false positive');
    expect(closing.status).toBe('waiting');
    const closeForm = chat.memoryOf(LEA).form?.id;

    const corrected = await chat.turn('no, I meant mark it contained');
    const said = corrected.replies.map((reply) => reply.text).join(' ');
    expect(said).toContain(
      `Sorry, I misread that; I noted it for my trainers. I dropped "close an alert" (alert ${alert.ref}, classification false_positive), nothing done. Now:`,
    );
    expect(said).toContain(`Marked ${alert.ref} contained`);
    expect(chat.memoryOf(LEA).form).toBeUndefined();
    expect(chat.memoryOf(LEA).ended).toContainEqual({
      id: closeForm,
      skill: 'close-alert',
      outcome: 'cancelled',
    });
    expect((await chat.app.store.alerts.view(alert.ref))?.status).toBe('contained');
    expect(await queuedOnDisk()).toEqual([
      expect.objectContaining({
        text: 'close it as a false positive',
        intentGuess: 'alert_close',
        correctIntent: 'alert_contain',
        source: 'correction',
        status: 'pending',
        conversationId: LEA.conversationId,
      }),
    ]);
    // The correction is no command; X is, as if typed alone (the skill audits the change too).
    const commands = chat.audited.filter((entry) => entry.action === 'command');
    expect(commands.map((entry) => entry.summary)).toEqual([
      'look up an alert',
      'close an alert',
      'mark an alert contained',
      `mark ${alert.ref} contained`,
    ]);
    // "why?" and the next correction are about X now.
    expect(chat.memoryOf(LEA).lastRecognized).toMatchObject({
      text: 'mark it contained',
      intent: 'alert_contain',
    });
  });

  it('never undoes what the misread message already did, and says so', async () => {
    const alert = await chat.register();
    await chat.say(`status of ${alert.ref}`);
    expect(await chat.say('mark it contained')).toContain(`Marked ${alert.ref} contained`);
    const said = await chat.say("no, I meant I'll take it");
    expect(said).toContain('I had already done "mark an alert contained"; that stays done. Now:');
    expect(said).not.toContain('I dropped');
    const after = await chat.app.store.alerts.view(alert.ref);
    expect(after?.status).toBe('contained');
    expect((await queuedOnDisk())[0]).toMatchObject({
      text: 'mark it contained',
      intentGuess: 'alert_contain',
      correctIntent: 'alert_take',
      source: 'correction',
    });
  });

  it('a bare "no, that\'s wrong" drops the form, offers the next-best skills, and a press labels the message', async () => {
    const alert = await chat.register();
    await chat.say(`status of ${alert.ref}`);
    await chat.say('close it as a false positive');
    const asked = await chat.turn("no, that's wrong");
    expect(asked.replies).toHaveLength(1);
    expect(asked.replies[0]?.text).toBe(
      `Sorry. I dropped "close an alert" (alert ${alert.ref}, classification false_positive), nothing done. ` +
        'What did you mean? Did you want to list the open alerts or register an alert?',
    );
    expect(asked.replies[0]?.suggestions).toEqual([
      { title: 'List the open alerts', value: 'show open alerts' },
      { title: 'Register an alert', value: 'register an alert' },
    ]);
    expect(asked.status).toBe('cancelled');
    expect(chat.memoryOf(LEA).form).toBeUndefined();
    expect(await queuedOnDisk()).toEqual([
      expect.objectContaining({ text: 'close it as a false positive', source: 'correction' }),
    ]);
    expect((await queuedOnDisk())[0]).not.toHaveProperty('correctIntent');

    // The button sends its value as the analyst's message: the skill runs, the item gets its intent.
    expect(await chat.say('show open alerts')).toContain(alert.ref);
    const items = await queuedOnDisk();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      text: 'close it as a false positive',
      intentGuess: 'alert_close',
      correctIntent: 'alert_list',
      source: 'suggestion',
    });
    // Offered for one turn only: the same words later are just a request.
    await chat.say('show open alerts');
    expect(await queuedOnDisk()).toHaveLength(1);
  });

  it('a press of a not-sure suggestion gives the queued low-confidence item the intent picked', async () => {
    const unsure = await chat.turn('what is the weather in Paris');
    expect(unsure.replies[0]?.text).toContain("I'm not sure what you mean.");
    expect(unsure.replies[0]?.suggestions).toContainEqual({
      title: 'Register an alert',
      value: 'register an alert',
    });
    expect(await queuedOnDisk()).toEqual([
      expect.objectContaining({
        text: 'what is the weather in Paris',
        intentGuess: 'None',
        source: 'low-confidence',
      }),
    ]);
    expect((await queuedOnDisk())[0]).not.toHaveProperty('correctIntent');

    expect(await chat.say('register an alert')).toContain("OK, let's register an alert.");
    expect(await queuedOnDisk()).toEqual([
      expect.objectContaining({
        text: 'what is the weather in Paris',
        intentGuess: 'None',
        correctIntent: 'alert',
        source: 'suggestion',
      }),
    ]);
  });

  it('"no, I meant" with an unclear X drops the misread form and takes the not-sure path for X', async () => {
    const alert = await chat.register();
    await chat.say(`status of ${alert.ref}`);
    await chat.say('close it as a false positive');
    const said = await chat.say('no, I meant what is the weather in Paris');
    expect(said).toContain('Sorry, I misread that');
    expect(said).toContain("I'm not sure what you mean.");
    expect(chat.memoryOf(LEA).form).toBeUndefined();
    const items = await queuedOnDisk();
    expect(items.map((item) => [item.text, item.source, item.correctIntent])).toEqual([
      ['close it as a false positive', 'correction', undefined],
      ['what is the weather in Paris', 'low-confidence', undefined],
    ]);
  });

  it('"no, I meant <a value>" after an answer corrects the form, not the intent', async () => {
    await chat.say('ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815');
    await chat.say('P2');
    const said = await chat.say('no, I meant PC-0816');
    expect(said).toContain('Changed terminal from PC-0815 to PC-0816.');
    expect(chat.memoryOf(LEA).form?.skill).toBe('register-alert');
    expect(await chat.app.store.reviews.list()).toEqual([]);
  });

  it('says nothing of corrections when there is nothing to correct, and keeps the intent when X means the same', async () => {
    expect(await chat.say("no, that's wrong")).not.toContain('What did you mean?');
    const alert = await chat.register();
    await chat.say(`status of ${alert.ref}`);
    expect(await chat.say(`no, I meant what do we have on alert 4711?`)).not.toContain('misread');
    expect(await chat.app.store.reviews.list()).toEqual([]);
  });

  it('checks the roles of what was meant as for any message', async () => {
    const alert = await chat.register();
    await chat.say('show open alerts', EVE);
    const said = await chat.say(`no, I meant mark ${alert.ref} contained`, EVE);
    expect(said).toContain('Sorry, I misread that');
    expect(said).toContain("I can't");
    expect((await chat.app.store.alerts.view(alert.ref))?.status).toBe('registered');
  });
});
