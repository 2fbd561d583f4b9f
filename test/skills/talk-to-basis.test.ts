import type { Recognition } from '../../src/nlu/types';
import { fakeRecognizer } from '../conversation/helpers/fake-recognizer';
import { confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

/** What the trained model's entity extractor reads in "tell basis about <ref>": the alert it names. */
function aboutRef(ref: string): Partial<Recognition> {
  const start = 'tell basis about '.length;
  return {
    intent: 'inform',
    score: 0.93,
    entities: [{ entity: 'alertId', value: ref, sourceText: ref, start, end: start + ref.length }],
  };
}

/** socbot's references count per year of registration. */
const YEAR = new Date().getFullYear();

describe('skills/talk-to-basis', () => {
  let harness: BotHarness;
  afterEach(async () => {
    await harness.dispose();
  });

  it("fills the form from the registered alert a socbot reference names, not as the attacker's terminal", async () => {
    const recognizer = fakeRecognizer({
      [`tell basis about SOC-${YEAR}-0001`]: aboutRef(`SOC-${YEAR}-0001`),
      [`tell basis about SOC-${YEAR}-0099`]: aboutRef(`SOC-${YEAR}-0099`),
    });
    harness = await startBot({ recognizer });
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P1')
      .assertReply(confirms('Register alert 4711'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0001`))
      .send(`tell basis about SOC-${YEAR}-0001`)
      .assertReply(
        confirms(
          "OK, let's inform the Basis team. I have terminal PC-0815, user DDIC, system PRD, alert 4711.",
          'Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?',
        ),
      )
      .send('yes')
      .assertReply(says(`Recorded request BR-0001 for the Basis team (alert SOC-${YEAR}-0001).`));
  });

  it('says so when the register does not know the reference', async () => {
    const recognizer = fakeRecognizer({
      [`tell basis about SOC-${YEAR}-0099`]: aboutRef(`SOC-${YEAR}-0099`),
    });
    harness = await startBot({ recognizer });
    await harness.adapter
      .send(`tell basis about SOC-${YEAR}-0099`)
      .assertReply(
        says(
          `I have no alert SOC-${YEAR}-0099 in the register`,
          "OK, let's inform the Basis team.",
          'Which terminal should Basis look at?',
        ),
      );
  });
});
