import type { Activity } from 'botbuilder';
import { inputOfActivity } from '../../src/channels/activity-input';
import { MAX_MESSAGE_LENGTH } from '../../src/channels/long-message';
import type { TurnSource } from '../../src/conversation/turn-input';
import { says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

const source: TurnSource = {
  user: { id: 'ana', name: 'Ana' },
  actor: { id: 'ana' },
  roles: [],
  conversationId: 'c1',
  conversationKey: 'test/c1',
};

function activity(fields: Partial<Activity>): Activity {
  return {
    channelId: 'webchat',
    conversation: { id: 'c1' },
    from: { id: 'ana', name: 'Ana' },
    recipient: { id: 'socbot', name: 'socbot' },
    ...fields,
  } as Activity;
}

/** The edge reads every activity as exactly one typed input. */
describe('inputOfActivity', () => {
  const read = (fields: Partial<Activity>) => inputOfActivity(activity(fields), async () => source);

  it.each<[string, Partial<Activity>, string | undefined]>([
    ['text', { type: 'message', text: ' help ' }, 'text'],
    ['Confirm', { type: 'message', value: { action: 'confirm', skill: 'register-alert' } }, 'card-submit'],
    [
      'SIEM card',
      { type: 'message', value: { action: 'alert.false-positive', ref: 'SOC-1' } },
      'alert-decision',
    ],
    ['Basis card', { type: 'message', value: { action: 'basis.ack', ref: 'SOC-1' } }, 'basis-ack'],
    [
      'registration',
      { type: 'message', text: 'register this channel for basis notifications' },
      'channel-registration',
    ],
    ['an image', { type: 'message', attachments: [{ contentType: 'image/png' }] }, 'not-text'],
    ['too long', { type: 'message', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }, 'too-long'],
    [
      'a user joins',
      { type: 'conversationUpdate', membersAdded: [{ id: 'ana', name: 'Ana' }] },
      'conversation-start',
    ],
    [
      'the bot joins',
      { type: 'conversationUpdate', membersAdded: [{ id: 'socbot', name: 'socbot' }] },
      undefined,
    ],
    ['typing', { type: 'typing' }, undefined],
  ])('%s → %s', async (_name, fields, kind) => {
    expect((await read(fields))?.kind).toBe(kind);
  });

  it('refuses a message an edge cut, with the length it noted, and never lets a note shorten one', async () => {
    const cut = { type: 'message', text: 'x'.repeat(1000), channelData: { socbotTextLength: 50_000 } };
    expect(await read(cut)).toEqual({ kind: 'too-long', length: 50_000, limit: MAX_MESSAGE_LENGTH });
    const understated = {
      type: 'message',
      text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1),
      channelData: { socbotTextLength: 3 },
    };
    expect(await read(understated)).toMatchObject({ kind: 'too-long', length: MAX_MESSAGE_LENGTH + 1 });
    expect(
      (await read({ type: 'message', text: 'help', channelData: { socbotTextLength: '99999' } }))?.kind,
    ).toBe('text');
  });

  it('keeps the trimmed text and the source of a text message', async () => {
    expect(await read({ type: 'message', text: '  register alert 4711 ' })).toEqual({
      kind: 'text',
      text: 'register alert 4711',
      source,
    });
  });

  it('does not welcome members joining a Teams channel or group chat', async () => {
    for (const conversation of [
      { id: '19:c', isGroup: true, conversationType: 'channel', name: 'SOC' },
      { id: '19:g', isGroup: false, conversationType: 'groupChat', name: 'SOC' },
    ]) {
      const joined = activity({
        type: 'conversationUpdate',
        conversation,
        membersAdded: [{ id: 'ana', name: 'Ana' }],
      });
      expect(await inputOfActivity(joined, async () => source)).toBeUndefined();
    }
  });

  it('looks up who is asking only for inputs that need it', async () => {
    let lookups = 0;
    const counted = async (): Promise<TurnSource> => {
      lookups += 1;
      return source;
    };
    await inputOfActivity(activity({ type: 'message', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }), counted);
    await inputOfActivity(
      activity({ type: 'conversationUpdate', membersAdded: [{ id: 'ana', name: 'Ana' }] }),
      counted,
    );
    expect(lookups).toBe(0);
    await inputOfActivity(activity({ type: 'message', text: 'help' }), counted);
    expect(lookups).toBe(1);
  });
});

/** The edge welcomes a new conversation once, through the adapter, as Teams and Web Chat see it. */
describe('the bot edge: welcome', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot();
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('answers a conversation start with a welcome, a hint of what to type and a help button', async () => {
    await harness.adapter
      .send({
        type: 'conversationUpdate',
        membersAdded: [
          { id: 'bot', name: 'Bot' },
          { id: 'user1', name: 'User1' },
        ],
      })
      .assertReply((reply) => {
        says('Hello, I am socbot', '"register alert 4711 on PRD"', '"help"')(reply);
        expect(reply.suggestedActions?.actions.map((action) => action.value)).toEqual(['help']);
      })
      .send('help')
      .assertReply(says('register an alert'));
  });

  it('welcomes a conversation once, also when it starts again (a page reconnecting after a restart)', async () => {
    const start = { type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'User1' }] };
    await harness.adapter.send(start).assertReply(says('Hello, I am socbot'));
    await harness.stop();
    harness = await startBot({ dataDir: harness.dataDir });
    await harness.adapter
      .send(start)
      .assertNoReply('a conversation is welcomed once', 300)
      .send('help')
      .assertReply(says('register an alert'));
  });

  it('stays silent when only the bot joins', async () => {
    await harness.adapter
      .send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Bot' }] })
      .assertNoReply('the bot joining is not a conversation start', 300);
  });
});
