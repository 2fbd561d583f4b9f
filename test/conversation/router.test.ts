import path from 'node:path';
import { openDataStore } from '../../src/store/data-store';
import { MAX_MESSAGE_LENGTH } from '../../src/channels/long-message';
import { fakeRecognizer } from './helpers/fake-recognizer';
import { confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

/** The engine is tested on fixture skills (test/fixtures/skills/engine), not the shipped ones. */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

describe('router: facts, not-sure answers, small talk and odd input', () => {
  let harness: BotHarness;
  const recognizer = fakeRecognizer({
    'lock that guy out': {
      intent: 'None',
      score: 0.41,
      alternatives: [
        { intent: 'inform', score: 0.41 },
        { intent: 'greeting', score: 0.2 },
        { intent: 'alert', score: 0.1 },
      ],
    },
    'order a pizza': { intent: 'None', score: 0.05, alternatives: [] },
  });
  beforeEach(async () => {
    recognizer.seen.length = 0;
    harness = await startBot({ recognizer, skillsDir: ENGINE_SKILLS });
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('remembers facts stated before a skill starts and uses them to fill its slots', async () => {
    await harness.adapter
      .send('the user is DDIC')
      .assertReply('Noted: user DDIC.')
      .send('his terminal was PC-0815')
      .assertReply('Noted: terminal PC-0815.')
      .send('it happened on PRD')
      .assertReply('Noted: system PRD.')
      .send('it happened on PRD')
      .assertReply('I already have that: system PRD.')
      .send('register alert 4711')
      .assertReply((activity) => {
        expect(activity.text?.split('\n\n')[0]).toBe(
          "OK, let's log an incident. I have alert ID 4711, terminal PC-0815.",
        );
        says('Which priority')(activity);
      })
      .send('skip')
      .assertReply(confirms('Log incident 4711 from PC-0815 at priority not given?'));
  });

  it('says so when a stated fact cannot be read', async () => {
    await harness.adapter
      .send('the user is a mystery')
      .assertReply(says("I couldn't read the value", 'the user is DDIC'));
  });

  it('offers the two nearest skills when not sure, and queues the utterance for review', async () => {
    await harness.adapter.send('lock that guy out').assertReply((activity) => {
      expect(activity.text).toBe(
        "I'm not sure what you mean. Did you want to page the on-call engineer or log an incident? I've noted your message so my trainers can teach me.",
      );
      expect(
        activity.suggestedActions?.actions.map((action) => [action.type, action.title, action.value]),
      ).toEqual([
        ['imBack', 'Page the on-call engineer', 'page the on-call engineer'],
        ['imBack', 'Log an incident', 'log an incident'],
      ]);
    });
    const pending = await openDataStore(harness.dataDir).reviews.list('pending');
    expect(pending).toEqual([
      expect.objectContaining({
        text: 'lock that guy out',
        intentGuess: 'None',
        score: 0.41,
        conversationId: 'Convo1',
        alternatives: expect.arrayContaining([{ intent: 'inform', score: 0.41 }]),
      }),
    ]);
  });

  it('still offers skills when no alternative maps to one', async () => {
    await harness.adapter
      .send('order a pizza')
      .assertReply((activity) => expect(activity.suggestedActions?.actions).toHaveLength(2));
    expect(await openDataStore(harness.dataDir).reviews.list()).toHaveLength(1);
  });

  it('answers small talk, and "what can you do" with the skills from the registry', async () => {
    await harness.adapter
      .send('hello')
      .assertReply((activity) => {
        expect(activity.text).toBe(
          "Hello! I'm socbot. I can log an incident or page the on-call engineer. What happened?",
        );
        expect(activity.suggestedActions?.actions).toHaveLength(2);
      })
      .send('thanks!')
      .assertReply("You're welcome.")
      .send('what can you do')
      .assertReply(
        says(
          'I can:\n\n- log an incident: a fixture skill for engine tests',
          '\n- page the on-call engineer: a fixture skill for engine tests',
          '"help", "status" or "cancel"',
        ),
      )
      .send('cancel')
      .assertReply("There's nothing to cancel.")
      .send('status')
      .assertReply('Nothing is in progress.')
      .send('bye')
      .assertReply(says('Goodbye.'));
    expect(await openDataStore(harness.dataDir).reviews.list()).toEqual([]);
  });

  it.each([
    ['thank you', "You're welcome."],
    ['hello', expect.stringMatching(/^Hello! I'm socbot/)],
  ])(
    'answers small talk mid-form ("%s") in the one message that asks again, without skill buttons',
    async (said, answer) => {
      await harness.adapter
        .send('register alert 4711')
        .assertReply(says("OK, let's log an incident", 'Which terminal'))
        .send(said)
        .assertReply((activity) => {
          const [first, question, ...more] = activity.text?.split('\n\n') ?? [];
          expect(first).toEqual(answer);
          expect(question).toContain('Which terminal');
          expect(more).toEqual([]);
          expect(activity.suggestedActions).toBeUndefined();
        });
      expect(harness.adapter.activeQueue).toEqual([]);
    },
  );

  it('refuses an over-long message without touching the conversation', async () => {
    const long = `register alert 4711 ${'x'.repeat(MAX_MESSAGE_LENGTH)}`;
    await harness.adapter
      .send('register alert 4711')
      .assertReply(says("OK, let's log an incident", 'Which terminal'))
      .send(long)
      .assertReply(
        says(
          'That message is too long',
          `limit is ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')}`,
          'Nothing was changed',
        ),
      )
      .send('PC-0815')
      .assertReply(says('Which priority'));
    expect(recognizer.seen).not.toContain(long);
  });

  it('ignores activities that are not messages, and explains messages without text', async () => {
    await harness.adapter
      .send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Bot' }] })
      .assertNoReply('non-message activities get no answer', 300)
      .send({ type: 'typing' })
      .assertNoReply('non-message activities get no answer', 300)
      .send({
        type: 'message',
        attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1/x.png' }],
      })
      .assertReply(says('I can only read text messages'));
  });

  it('answers a recognizer failure with an apology and keeps the conversation as it was', async () => {
    const failing = await startBot({
      skillsDir: ENGINE_SKILLS,
      recognizer: {
        recognize: async (text) => {
          if (text === 'boom') throw new Error('model exploded');
          return recognizer.recognize(text);
        },
      },
    });
    try {
      await failing.adapter
        .send('register alert 4711')
        .assertReply(says("OK, let's log an incident", 'Which terminal'))
        .send('boom')
        .assertReply(says('Sorry, something went wrong on my side (INTERNAL)', 'nothing was changed'))
        .send('PC-0815')
        .assertReply(says('Which priority'));
    } finally {
      await failing.dispose();
    }
  });
});
