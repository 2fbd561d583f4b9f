import type { Recognition } from '../../src/nlu/types';
import { fakeRecognizer } from '../conversation/helpers/fake-recognizer';
import { says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

const YEAR = new Date().getFullYear();
const REF = `SOC-${YEAR}-0001`;
const OTHER = `SOC-${YEAR}-0002`;

const intent = (name: string): Partial<Recognition> => ({ intent: name, score: 0.93, entities: [] });

/**
 * Inside an incident's room (here the test conversation, made the room's Teams thread), the
 * lifecycle commands are about the room's incident without naming it, and another alert is refused:
 * the channel edge binds the conversation to the room, the chat engine does the rest.
 */
describe('commands in an incident room', () => {
  let harness: BotHarness;
  afterEach(async () => {
    await harness.dispose();
  });

  it('"I\'ll take it" takes the room\'s incident; naming another alert there changes nothing', async () => {
    harness = await startBot({
      recognizer: fakeRecognizer({
        "I'll take it": intent('alert_take'),
        [`I'll take ${OTHER}`]: intent('alert_take'),
      }),
    });
    for (const alertId of ['4711', '4712']) {
      await harness.app.store.alerts.add({
        alertId,
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        priority: 'P2',
        createdBy: 'siem',
        conversationId: '',
      });
    }
    await harness.app.rooms.open(REF, { id: 'user1', name: 'User1' });
    await harness.app.rooms.setTeams(REF, {
      channelId: 'test',
      serviceUrl: 'https://test.com',
      conversation: { id: 'Convo1', name: 'room', isGroup: true, conversationType: 'channel' },
      bot: { id: 'bot', name: 'socbot' },
    });

    await harness.adapter.send("I'll take it").assertReply(says(`You lead ${REF} now`));
    expect((await harness.app.store.alerts.view(REF))?.lead?.name).toBe('User1');

    await harness.adapter
      .send(`I'll take ${OTHER}`)
      .assertReply(says(`This room is about ${REF}, so I won't act on ${OTHER} here; nothing changed.`));
    expect((await harness.app.store.alerts.view(OTHER))?.lead).toBeNull();
  });

  it('a skill without an alert slot (inform Basis and block) naming another alert is refused in the room too', async () => {
    const inform = `tell basis about ${OTHER} and block`;
    harness = await startBot({
      recognizer: fakeRecognizer({
        [inform]: {
          intent: 'inform',
          score: 0.93,
          entities: [
            {
              entity: 'alertId',
              value: OTHER,
              sourceText: OTHER,
              start: inform.indexOf(OTHER),
              end: inform.indexOf(OTHER) + OTHER.length,
            },
          ],
        },
      }),
    });
    for (const alertId of ['4711', '4712']) {
      await harness.app.store.alerts.add({
        alertId,
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        priority: 'P2',
        createdBy: 'siem',
        conversationId: '',
      });
    }
    await harness.app.rooms.open(REF, { id: 'user1', name: 'User1' });
    await harness.app.rooms.setTeams(REF, {
      channelId: 'test',
      serviceUrl: 'https://test.com',
      conversation: { id: 'Convo1', name: 'room', isGroup: true, conversationType: 'channel' },
      bot: { id: 'bot', name: 'socbot' },
    });

    await harness.adapter
      .send(inform)
      .assertReply(says(`This room is about ${REF}, so I won't act on ${OTHER} here; nothing changed.`));
  });

  it("inform Basis and block in a room is about the room's incident: its facts fill the form", async () => {
    harness = await startBot({
      recognizer: fakeRecognizer({ 'inform basis and block': intent('inform') }),
    });
    for (const alertId of ['4711', '4712']) {
      await harness.app.store.alerts.add({
        alertId,
        terminal: `PC-${alertId}`,
        username: 'DDIC',
        system: 'PRD',
        priority: 'P3',
        createdBy: 'siem',
        conversationId: '',
      });
    }
    await harness.app.rooms.open(REF, { id: 'user1', name: 'User1' });
    await harness.app.rooms.setTeams(REF, {
      channelId: 'test',
      serviceUrl: 'https://test.com',
      conversation: { id: 'Convo1', name: 'room', isGroup: true, conversationType: 'channel' },
      bot: { id: 'bot', name: 'socbot' },
    });

    await harness.adapter
      .send('inform basis and block')
      .assertReply(
        says("OK, let's inform the Basis team. I have terminal PC-4711, user DDIC, system PRD, alert 4711."),
      );
  });
});
