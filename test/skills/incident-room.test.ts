import { LEA, startLifecycleChat, type LifecycleChat } from './helpers/lifecycle-chat';

/** In an incident room (memory.about.room) every command is about the room's incident. */
describe('lifecycle commands in an incident room', () => {
  let chat: LifecycleChat;
  beforeEach(async () => {
    chat = await startLifecycleChat();
  });
  afterEach(async () => {
    await chat.dispose();
  });

  it('"it" is the room\'s incident, and stays so after acting', async () => {
    const roomAlert = await chat.register();
    await chat.register({ alertId: '4712' });
    const memory = chat.memoryOf(LEA);
    memory.about = { ref: roomAlert.ref, room: true };
    expect(await chat.say("I'll take it", LEA)).toBe(
      `You lead ${roomAlert.ref} now (investigating, lead Lea).`,
    );
    expect(memory.about).toEqual({ ref: roomAlert.ref, room: true });
  });

  it('a command naming another alert is refused with a clear sentence, audited, and nothing changes', async () => {
    const roomAlert = await chat.register();
    const other = await chat.register({ alertId: '4712' });
    const memory = chat.memoryOf(LEA);
    memory.about = { ref: roomAlert.ref, room: true };
    // What the conversation is about, its form and facts; the message itself is remembered for "why?".
    const state = (): string => JSON.stringify({ ...memory, lastRecognized: undefined });
    const before = state();

    const refused = await chat.say(`close ${other.ref} as a false positive`, LEA);
    expect(refused).toBe(
      `This room is about ${roomAlert.ref}, so I won't act on ${other.ref} here; nothing changed. ` +
        `Ask about ${other.ref} in a direct chat with me (or in its own room).`,
    );
    expect(state()).toBe(before);
    expect((await chat.app.store.alerts.view(other.ref))?.status).toBe('registered');
    // By alert ID too: alert 4712 is the other incident.
    expect(await chat.say('what do we have on alert 4712?', LEA)).toContain(
      `This room is about ${roomAlert.ref}`,
    );
    const refusals = chat.audited.filter(
      (entry) => entry.action === 'refusal' && entry.alertRef === roomAlert.ref,
    );
    expect(refusals.map((entry) => entry.details?.named)).toEqual([other.ref, other.ref]);
    // The room's own reference is fine.
    expect(await chat.say(`status of ${roomAlert.ref}`, LEA)).toContain(
      `${roomAlert.ref}: alert 4711 on PRD`,
    );
  });
});
