import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestFlow } from 'botbuilder';
import type { Recognition } from '../../src/nlu/types';
import { openDataStore } from '../../src/store/data-store';
import { registeredAlerts } from '../helpers/alerts-on-disk';
import { fakeRecognizer } from '../conversation/helpers/fake-recognizer';
import { cardSubmit, confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

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

  /**
   * Registers alert 4711 as `first` then as `second` (past the duplicate warning), asks Basis about
   * SOC-…-0001 by reference and confirms: the flow's next reply is the request's answer.
   */
  const askBasisAboutTheFirstOfTwo = (first: string, second: string): TestFlow =>
    harness.adapter
      .send(first)
      .assertReply(confirms('Register alert 4711'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0001`))
      .send(second)
      .assertReply(confirms('Register alert 4711'))
      .send('yes')
      .assertReply(says(`already registered as SOC-${YEAR}-0001`))
      .send('yes anyway')
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0002`))
      .send(`tell basis about SOC-${YEAR}-0001`)
      .assertReply(confirms('Ask Basis about user JDOE on PRD from terminal PC-0815 (alert 4711)?'))
      .send('yes');
  const JDOE_ON_PC_0815 = 'register alert 4711 on PRD, user JDOE from terminal PC-0815, P3';

  it('files the request against the alert the reference names, not a later alert with the same alert ID', async () => {
    harness = await startBot({
      recognizer: fakeRecognizer({ [`tell basis about SOC-${YEAR}-0001`]: aboutRef(`SOC-${YEAR}-0001`) }),
    });
    await askBasisAboutTheFirstOfTwo(
      JDOE_ON_PC_0815,
      'register alert 4711 on PRD, user DDIC from terminal PC-0999, P3',
    ).assertReply(says(`Recorded request BR-0001 for the Basis team (alert SOC-${YEAR}-0001).`));
    const requests = JSON.parse(
      await readFile(path.join(harness.dataDir, 'basis-requests.json'), 'utf8'),
    ) as unknown;
    expect(JSON.stringify(requests)).toContain(`"alert":"SOC-${YEAR}-0001"`);
  });

  it('names the alerts alike in alert ID, terminal, user and system, and which one the request went to', async () => {
    harness = await startBot({
      recognizer: fakeRecognizer({ [`tell basis about SOC-${YEAR}-0001`]: aboutRef(`SOC-${YEAR}-0001`) }),
    });
    await askBasisAboutTheFirstOfTwo(JDOE_ON_PC_0815, JDOE_ON_PC_0815).assertReply(
      says(
        `Recorded request BR-0001 for the Basis team (alert SOC-${YEAR}-0002).`,
        `Alert 4711 with this terminal, user and system is also registered as SOC-${YEAR}-0001; the request names SOC-${YEAR}-0002, the latest.`,
      ),
    );
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

  describe('after a registration', () => {
    beforeEach(async () => {
      harness = await startBot();
    });
    const store = () => openDataStore(harness.dataDir);

    it('parks the first form when switching skills, says so, and comes back to it after the second', async () => {
      let parkedConfirm: unknown;
      await harness.adapter
        .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
        .assertReply((activity) => {
          confirms("OK, let's register", 'Register alert 4711')(activity);
          const card = activity.attachments?.[0]?.content as { actions: { data: unknown }[] };
          parkedConfirm = card.actions[0]?.data;
        })
        .send('actually, just tell Basis')
        .assertReply(
          confirms(
            'I\'ve kept "register an alert" (alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2) aside, nothing done yet; we\'ll come back to it.',
            "OK, let's inform the Basis team.",
            'Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?',
          ),
        );
      // The parked registration's card tells the truth: kept aside, not done, and does nothing.
      await harness.adapter
        .send({ type: 'message', value: parkedConfirm })
        .assertReply(
          confirms("That card's request is kept aside and not done yet", 'Ask Basis about user DDIC'),
        )
        .send('yes')
        .assertReply(
          confirms(
            // The Basis request does not pretend the alert is registered.
            'Recorded request BR-0001 for the Basis team (alert 4711). Alert 4711 is not registered in socbot',
            'Back to "register an alert": I have alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2.',
            'Register alert 4711 on PRD',
          ),
        );
      expect(await registeredAlerts(harness.dataDir)).toEqual([]);
      await harness.adapter
        .send({ type: 'message', value: parkedConfirm })
        .assertReply(says('Registered alert 4711 as SOC-'));
      expect((await registeredAlerts(harness.dataDir)).map((alert) => alert.alertId)).toEqual(['4711']);
      expect(await store().basisRequests.list()).toEqual([
        expect.objectContaining({ alert: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD' }),
      ]);
    });

    it('carries the shared values into the other skill and resumes the parked form after a cancel', async () => {
      await harness.adapter
        .send('register alert 4711 on PRD, user DDIC')
        .assertReply(says("OK, let's register", 'From which terminal'))
        .send('actually, just tell Basis')
        .assertReply(
          says(
            'I\'ve kept "register an alert" (alert ID 4711, user DDIC, system PRD) aside',
            "OK, let's inform the Basis team. I have user DDIC, system PRD, alert 4711.",
            'Which terminal should Basis look at?',
          ),
        )
        .send('cancel')
        .assertReply(
          says(
            'OK, cancelled: I did not inform the Basis team.',
            'Back to "register an alert": I have alert ID 4711, user DDIC, system PRD.',
            'From which terminal',
          ),
        );
      expect(await store().basisRequests.list()).toEqual([]);
    });

    it('registers, then informs Basis with the alert reference and no question asked', async () => {
      await harness.adapter
        .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P1')
        .assertReply(confirms("OK, let's register", 'Register alert 4711'))
        .send('yes')
        .assertReply(says('Registered alert 4711 as SOC-', 'Say "inform Basis"'))
        .send('inform Basis')
        .assertReply(
          confirms(
            "OK, let's inform the Basis team.",
            'Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?',
          ),
        )
        .send(cardSubmit('confirm', 'talk-to-basis'))
        .assertReply(says('Recorded request BR-0001 for the Basis team (alert SOC-'));
      const [alert] = await registeredAlerts(harness.dataDir);
      expect((await store().basisRequests.list())[0]?.alert).toBe(alert?.ref);
    });
  });
});
