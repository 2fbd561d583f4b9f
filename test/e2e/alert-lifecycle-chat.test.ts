import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../cli/run-cli';
import {
  chatOverHttp,
  fillAndConfirm,
  startSocbotUnderTest,
  type SocbotUnderTest,
} from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import { trainProjectModel } from './helpers/trained-model';

const ANA = { id: 'ana-29', name: 'Ana' };
const LEA = { id: 'lea-29', name: 'Lea' };
const PASSWORD = 'servicenow-secret-0123456789';

/**
 * An alert's lifecycle in chat over real HTTP: socbot as `serve` starts it, the real model, a Bot
 * Framework connector stand-in and a ServiceNow Table API stand-in on 127.0.0.1.
 */
describe('the alert lifecycle in chat, end to end', () => {
  let dir: string;
  let modelPath: string;
  let connector: ConnectorStandIn;
  let servicenow: ServiceNowStandIn;
  let socbot: SocbotUnderTest | undefined;

  beforeAll(async () => {
    ({ dir, modelPath } = await trainProjectModel());
    connector = await startConnectorStandIn();
    servicenow = await startServiceNowStandIn('socbot', PASSWORD);
  });
  afterAll(async () => {
    await socbot?.server.stop();
    await servicenow.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('look up → take → note → contain → close (confirmed; the ticket is closed once) → reopen', async () => {
    const dataDir = path.join(dir, 'data');
    socbot = await startSocbotUnderTest({
      dataDir,
      modelPath,
      env: {
        SOCBOT_ROLES: 'analyst:ana-29;lead:lea-29',
        TICKETING: 'servicenow',
        SERVICENOW_URL: servicenow.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD: PASSWORD,
        INTEGRATION_TIMEOUT_MS: '1000',
      },
    });
    const { server } = socbot;
    const chat = chatOverHttp(connector, 'conv-lifecycle');
    const registered = await fillAndConfirm(
      chat,
      server,
      ANA,
      'register alert 4711 on PRD',
      'register-alert',
    );
    const ref = /SOC-\d{4}-\d{4}/.exec(registered.text)?.[0] ?? '';
    expect(ref).not.toBe('');
    await chat.waitForMessage(/Ticket INC0010001 created/);

    expect((await chat.say(server, ANA, `status of ${ref}`)).text).toContain(`${ref}: alert 4711 on PRD`);
    expect((await chat.say(server, ANA, "I'll take it")).text).toBe(
      `You lead ${ref} now (investigating, lead Ana).`,
    );
    expect((await chat.say(server, ANA, 'add a note: called the user, he denies the logon')).text).toBe(
      `Noted on ${ref} (its first note).`,
    );
    expect((await chat.say(server, ANA, 'mark it contained')).text).toContain(`Marked ${ref} contained`);

    const asked = await chat.say(server, ANA, 'close it as a false positive');
    expect(asked.text).toContain(`Close ${ref} as false positive?`);
    expect(
      asked.replies.some((reply) => Array.isArray(reply.attachments) && reply.attachments.length > 0),
    ).toBe(true);
    const closed = await chat.press(server, ANA, { action: 'confirm', skill: 'close-alert' });
    expect(closed.text).toContain(`Closed ${ref} as false positive.`);
    // Told in the turn or, on a slow machine, by a later message.
    await chat.waitForMessage(/INC0010001.*(closed|resolved|updated)|(closed|resolved|updated).*INC0010001/i);
    const closeUpdates = servicenow.updates.filter((update) => update.fields.close_code !== undefined);
    expect(closeUpdates).toHaveLength(1);
    expect(closeUpdates[0]?.fields).toMatchObject({ close_code: expect.any(String) });
    // A second press of the same Confirm acts on nothing: the form is done.
    const again = await chat.press(server, ANA, { action: 'confirm', skill: 'close-alert' });
    expect(again.text).toContain("There's nothing waiting for confirmation");
    expect(servicenow.updates.filter((update) => update.fields.close_code !== undefined)).toHaveLength(1);

    const afterClose = JSON.parse(
      (await runCli(['alerts', '--json'], { env: { SOCBOT_DATA_DIR: dataDir } })).stdout,
    ) as Array<Record<string, unknown>>;
    expect(afterClose).toEqual([
      expect.objectContaining({
        ref,
        status: 'closed',
        classification: 'false_positive',
        lead: expect.objectContaining({ name: 'Ana' }),
      }),
    ]);

    // Reopening is a lead's decision: Ana is told why first; Lea reopens "it" in the same conversation.
    expect((await chat.say(server, ANA, 'reopen it')).text).toContain(
      'Reopening a closed alert needs the lead role',
    );
    expect((await chat.say(server, LEA, 'reopen it')).text).toContain(`Reopen ${ref}?`);
    expect((await chat.press(server, LEA, { action: 'confirm', skill: 'reopen-alert' })).text).toContain(
      `Reopened ${ref} (investigating, lead Ana).`,
    );
    for (let i = 0; i < 100 && servicenow.updates.length < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(servicenow.updates).toHaveLength(2);

    const afterReopen = JSON.parse(
      (await runCli(['alerts', '--json'], { env: { SOCBOT_DATA_DIR: dataDir } })).stdout,
    ) as Array<Record<string, unknown>>;
    expect(afterReopen).toEqual([
      expect.objectContaining({
        ref,
        status: 'investigating',
        classification: null,
        lead: expect.objectContaining({ name: 'Ana' }),
      }),
    ]);
  });
});
