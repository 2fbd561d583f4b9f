import path from 'node:path';
import { fakeRecognizer } from './helpers/fake-recognizer';
import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

/** Engine fixture skills (test/fixtures/skills/engine), not the shipped ones. */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

describe('a form kept aside while another skill runs', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot({ recognizer: fakeRecognizer(), skillsDir: ENGINE_SKILLS });
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815')
      .assertReply(says("OK, let's log an incident.", 'Which priority?'))
      .send('tell basis about user DDIC')
      .assertReply(
        says('I\'ve kept "log an incident" (alert ID 4711, terminal PC-0815) aside', 'Which system?'),
      );
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('comes back on request, keeping the other one aside in turn', async () => {
    await harness.adapter
      .send('register alert 4711')
      .assertReply(
        says(
          'I\'ve kept "page the on-call engineer" (user DDIC) aside',
          'Back to "log an incident": I have alert ID 4711, terminal PC-0815.',
          'Which priority?',
        ),
      )
      .send('status')
      .assertReply(says('Log an incident: I have alert ID 4711, terminal PC-0815.'))
      .send('cancel')
      .assertReply(
        says(
          'OK, cancelled: I did not log an incident.',
          'Back to "page the on-call engineer"',
          'Which system?',
        ),
      );
  });

  it('comes back after the other is cancelled by its button; nothing is left aside when both end', async () => {
    await harness.adapter
      .send('PRD')
      .assertReply(confirms('Page on-call about DDIC on PRD?'))
      .send(cardSubmit('cancel', 'page-oncall'))
      .assertReply(says('OK, cancelled', 'Back to "log an incident"', 'Which priority?'))
      .send('cancel')
      .assertReply(says('OK, cancelled: I did not log an incident.'))
      .send('status')
      .assertReply(
        'Nothing is in progress. I remember: alert ID 4711, terminal PC-0815, user DDIC, system PRD.',
      );
  });
});
