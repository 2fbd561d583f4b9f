import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import {
  chatOverHttp,
  startSlowProxy,
  startSocbotUnderTest,
  type SocbotUnderTest,
} from '../app/helpers/socbot-under-test';
import { openConversation, pollPause, type DirectLineTestClient } from '../directline/helpers';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { trainProjectModel } from './helpers/trained-model';

const PASSWORD = 'servicenow-secret-0123456789';

/**
 * The built-in Web Chat on loopback, authentication off and no roles configured (open local mode):
 * the person at the machine acts as analyst and lead, a Teams user is unknown, and a late ticket
 * reaches the Web Chat conversation through its Direct Line stream.
 */
describe('side effects from the loopback Web Chat', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let servicenow: ServiceNowStandIn;
  let slow: { url: string; close(): Promise<void> };
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    connector = await startConnectorStandIn();
    servicenow = await startServiceNowStandIn('socbot', PASSWORD);
    // Slower than the 300 ms acknowledgement window of the tests (production: ~3 s).
    slow = await startSlowProxy(servicenow.url, 400);
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      env: {
        TICKETING: 'servicenow',
        SERVICENOW_URL: slow.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD: PASSWORD,
      },
    });
  });
  afterAll(async () => {
    await socbot.server.stop();
    await slow.close();
    await servicenow.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Posts and returns the texts of every activity of the conversation so far (polling past the rate bound). */
  async function texts(client: DirectLineTestClient): Promise<string[]> {
    await pollPause();
    const answer = await client.poll();
    return (answer.json as { activities: Array<{ text?: string; from: { id: string } }> }).activities
      .filter((activity) => activity.from.id === 'socbot')
      .map((activity) => activity.text ?? '');
  }

  it('lets the local user register, answers at once, and appends the ticket to the Web Chat later', async () => {
    const client = await openConversation(socbot.server.url);
    expect(
      (
        await client.post({
          type: 'message',
          text: 'register alert 4711 on PRD, user DDIC from terminal PC-0815',
        })
      ).status,
    ).toBe(200);
    expect((await client.post({ type: 'message', text: 'P2' })).status).toBe(200);
    expect(
      (await client.post({ type: 'message', value: { action: 'confirm', skill: 'register-alert' } })).status,
    ).toBe(200);
    const now = await texts(client);
    expect(now.at(-1)).toMatch(
      /^Registered alert 4711 as SOC-\d{4}-\d{4} \(priority P2\)\. On it: I will create the ticket/,
    );

    const deadline = Date.now() + 8000;
    let later = now;
    while (!later.some((text) => text.startsWith('Ticket INC')) && Date.now() < deadline)
      later = await texts(client);
    expect(later.filter((text) => text.startsWith('Ticket INC'))).toEqual([
      expect.stringMatching(
        /^Ticket INC0010001 created for SOC-\d{4}-\d{4} \(http:\/\/127\.0\.0\.1:\d+\/incident\.do\?sys_id=\w+\)\.$/,
      ),
    ]);
    expect(servicenow.incidents).toHaveLength(1);
  });

  it('treats a Bot Framework user as unknown while no roles are configured', async () => {
    const chat = chatOverHttp(connector, 'conv-teams-user');
    // Refused before any question is asked.
    const done = await chat.say(
      socbot.server,
      { id: 'someone-29', name: 'Someone' },
      'register alert 4800 on PRD, user DDIC from terminal PC-0815 P3',
    );
    expect(done.text).toContain('socbot has no roles configured yet, so only the local console user may act');
    expect((await socbot.app.store.alerts.list()).map((alert) => alert.alertId)).toEqual(['4711']);
  });
  it('answers a pasted megabyte in the conversation, keeps its first characters, and the form goes on', async () => {
    const client = await openConversation(socbot.server.url);
    await client.post({ type: 'message', text: 'register alert 4812 on PRD from terminal PC-0815' });
    expect((await texts(client)).at(-1)).toContain('Which SAP user was involved?');

    // A log pasted by mistake: over the 32 KB an activity keeps, under the 2 MB a post may carry.
    const paste = 'Dec  8 03:12:45 sapprd01 sapstart[4711]: dispatcher restarted\n'.repeat(16_400);
    expect(paste.length).toBeGreaterThan(1_000_000);
    // Counted as the bot reads it: without the last line's newline.
    const posted = await client.post({
      type: 'message',
      text: paste,
      channelData: { clientActivityID: 'paste-1' },
    });
    expect(posted.status).toBe(200);
    await pollPause();
    const stream = (await client.poll()).json as {
      activities: Array<{ text?: string; from: { id: string }; channelData?: Record<string, unknown> }>;
    };
    const echo = stream.activities.find((activity) => activity.channelData?.clientActivityID === 'paste-1');
    // Web Chat shows the message as sent, cut to what the transcript keeps, saying so.
    expect(echo?.text?.startsWith(paste.slice(0, 1000))).toBe(true);
    expect(
      echo?.text?.endsWith(
        `… [socbot kept the first 1,000 of ${paste.trim().length.toLocaleString('en-US')} characters]`,
      ),
    ).toBe(true);
    expect(stream.activities.at(-1)?.text).toBe(
      `That message is too long for me (${paste.trim().length.toLocaleString('en-US')} characters; my limit is 4,000). ` +
        'Nothing was changed. Please send just the essentials: alert ID, terminal, user and system.',
    );

    // What the analyst had given is still there: the form asks for the next missing detail.
    await client.post({ type: 'message', text: 'DDIC' });
    expect((await texts(client)).at(-1)).toContain('Which priority should it have');
  });
});
