import type { Recognition } from '../../src/nlu/types';
import { fakeRecognizer } from '../conversation/helpers/fake-recognizer';
import { confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

/** socbot's references count per year of registration. */
const YEAR = new Date().getFullYear();
const REF = `SOC-${YEAR}-0001`;
const REGISTER = 'register alert 4711 on PRD, user DDIC from terminal PC-0815, P1';

/** What the trained model reads in "<words> <ref>": the intent, and the alert the reference names. */
function naming(intent: string, words: string, ref?: string): Partial<Recognition> {
  const start = words.length + 1;
  return {
    intent,
    score: 0.93,
    entities: ref ? [{ entity: 'alertId', value: ref, sourceText: ref, start, end: start + ref.length }] : [],
  };
}

const RECOGNIZER = fakeRecognizer({
  [`investigate ${REF}`]: naming('incident_investigate', 'investigate', REF),
  [`timeline of ${REF}`]: naming('incident_timeline', 'timeline of', REF),
  timeline: naming('incident_timeline', 'timeline'),
  investigate: naming('incident_investigate', 'investigate'),
});

describe('skills/investigate-incident and skills/incident-timeline', () => {
  let harness: BotHarness;
  afterEach(async () => {
    await harness.dispose();
  });

  it('opens the room once: the shared page, and why there is no Teams thread without a SOC channel', async () => {
    harness = await startBot({ recognizer: RECOGNIZER });
    await harness.adapter
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as ${REF}`))
      .send(`investigate ${REF}`)
      .assertReply(confirms('Open the investigation room for'))
      .send('yes')
      .assertReply(
        says(
          `Opened the investigation room for ${REF}.`,
          `/incidents/${REF}`,
          'No SOC channel is registered in Teams',
        ),
      )
      .send(`investigate ${REF}`)
      .assertReply(confirms('Open the investigation room for'))
      .send('yes')
      .assertReply(says(`The investigation room for ${REF} is open already.`));

    const room = await harness.app.rooms.get(REF);
    expect(room).toMatchObject({ ref: REF, openedBy: { name: 'User1' } });
    expect(room?.webchat?.conversationId).toMatch(/^dl_/);
    // No SOC channel: nothing was queued for Teams.
    expect(await harness.app.outbox.list()).toEqual([]);
  });

  it('refuses before asking anything when the user has neither the analyst nor the lead role', async () => {
    harness = await startBot({
      recognizer: RECOGNIZER,
      env: { SOCBOT_ROLES: 'engineer:user1' },
      local: false,
    });
    await harness.adapter
      .send('investigate')
      .assertReply(says("I can't open the investigation room for you, so I won't ask for the details."))
      .send('timeline')
      .assertReply(says("I can't show the incident's timeline for you", 'needs the analyst or lead role'));
    expect(await harness.app.rooms.get(REF)).toBeUndefined();
  });

  it('outside a room the timeline asks which incident; inside, it is the room’s, latest entries with the lead', async () => {
    harness = await startBot({ recognizer: RECOGNIZER });
    await harness.adapter
      .send('timeline')
      .assertReply(says('The timeline of which incident?'))
      .send('cancel')
      .assertReply(says('cancel'))
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as ${REF}`));

    // This conversation becomes the room of the incident (as the room.teams job records a thread).
    await harness.app.rooms.open(REF, { id: 'user1', name: 'User1' });
    await harness.app.rooms.setTeams(REF, {
      channelId: 'test',
      serviceUrl: 'https://test.com',
      conversation: { id: 'Convo1', name: 'room', isGroup: true, conversationType: 'channel' },
      bot: { id: 'bot', name: 'socbot' },
    });
    await harness.app.alertLifecycle.takeLead({
      actor: { id: 'maria', name: 'Maria', local: true },
      ref: REF,
      requestId: 'take-1',
    });
    // Read-only: in the room it answers at once, about the room's incident.
    await harness.adapter
      .send('timeline')
      .assertReply(
        says(`Timeline of ${REF} (investigating; lead: Maria).`, 'User1', 'register an alert', 'Maria'),
      );
  });

  it('shows the latest 15 entries and says how many earlier ones the export adds', async () => {
    harness = await startBot({ recognizer: RECOGNIZER });
    await harness.adapter
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as ${REF}`));
    for (let note = 1; note <= 20; note += 1) {
      await harness.app.audit.append({
        actor: { id: 'ana', name: 'Ana', role: 'analyst' },
        action: 'command',
        summary: `note ${note} [link](https://evil.example)`,
        result: 'done',
        alertRef: REF,
      });
    }
    await harness.adapter.send(`timeline of ${REF}`).assertReply((activity) => {
      const lines = (activity.text ?? '').split('\n');
      expect(lines[0]).toBe(`Timeline of ${REF} (registered; lead: nobody yet).`);
      // Register (confirmation, alert, result) and 20 notes: 15 shown, the rest counted.
      expect(lines[1]).toMatch(
        /^\d+ earlier entries: `socbot audit export --alert SOC-\d{4}-0001` has them all\.$/,
      );
      const shown = lines.filter((line) => line.startsWith('- '));
      expect(shown).toHaveLength(15);
      expect(shown.at(-1)).toContain('Ana (analyst): note 20 \\[link\\](https://evil.example) → done');
      expect(activity.text).not.toContain('[link](');
    });
  });
});
