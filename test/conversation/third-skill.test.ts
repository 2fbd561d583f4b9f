import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fakeRecognizer } from './helpers/fake-recognizer';
import { confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'skills');

/**
 * A skills folder with the engine's two fixture skills and a third one added beside them, as an
 * installation adds a skill: the engine's behaviour with the first two must not change.
 */
describe('a third skill added to the skills folder', () => {
  let skillsDir: string;
  let harness: BotHarness;
  const recognizer = fakeRecognizer({ 'block terminal PC-0815': { intent: 'block', score: 0.9 } });
  beforeEach(async () => {
    skillsDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-skills-'));
    await cp(path.join(FIXTURES, 'engine'), skillsDir, { recursive: true });
    await cp(path.join(FIXTURES, 'third-skill'), skillsDir, { recursive: true });
    harness = await startBot({ recognizer, skillsDir });
  });
  afterEach(async () => {
    await harness.dispose();
    await rm(skillsDir, { recursive: true, force: true });
  });

  it('is listed and started by its own intent', async () => {
    await harness.adapter
      .send('what can you do')
      .assertReply(says('- block a host', '- log an incident', '- page the on-call engineer'))
      .send('block terminal PC-0815')
      .assertReply(confirms("OK, let's block a host. I have host PC-0815.", 'Block host PC-0815?'))
      .send('yes')
      .assertReply('Blocked host PC-0815.');
  });

  it('leaves the other skills working as before: a form, a switch and a resume', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815')
      .assertReply(
        says("OK, let's log an incident. I have alert ID 4711, terminal PC-0815.", 'Which priority?'),
      )
      .send('tell basis, user DDIC on PRD')
      .assertReply(
        confirms(
          'I\'ve kept "log an incident" (alert ID 4711, terminal PC-0815) aside',
          "OK, let's page the on-call engineer. I have user DDIC, system PRD.",
          'Page on-call about DDIC on PRD?',
        ),
      )
      .send('yes')
      .assertReply(
        says(
          'Paged on-call about DDIC on PRD.',
          'Back to "log an incident": I have alert ID 4711, terminal PC-0815.',
          'Which priority?',
        ),
      )
      .send('P2')
      .assertReply(confirms('Log incident 4711 from PC-0815 at priority P2?'))
      .send('yes')
      .assertReply('Logged incident 4711 from PC-0815 at P2.');
  });
});
