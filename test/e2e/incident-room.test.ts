import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import {
  chatOverHttp,
  fillAndConfirm,
  startSlowProxy,
  startSocbotUnderTest,
  type SocbotUnderTest,
} from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { trainProjectModel } from './helpers/trained-model';

const ANA = { id: '29:ana', name: 'Ana' };
const MARIA = { id: '29:maria', name: 'Maria' };
const PASSWORD = 'servicenow-secret-0123456789';
const SOC_CHANNEL = '19:soc@thread.tacv2';

/**
 * An incident room over real HTTP: socbot as `serve` starts it with the real model, a Bot Framework
 * connector stand-in (Teams) and a ServiceNow stand-in behind a slow proxy on 127.0.0.1. Ana
 * registers an alert in her chat; while its ticket is still being created, Maria opens the incident's
 * room (a new thread in the SOC channel); the ticket's result then reaches both Ana's chat and the room.
 */
describe('an incident room in Teams', () => {
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
    // The ticket takes this long: time enough to open the room before its result is in.
    slow = await startSlowProxy(servicenow.url, 4000);
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      env: {
        SOCBOT_ROLES: 'lead:29:maria;analyst:29:ana',
        TICKETING: 'servicenow',
        SERVICENOW_URL: slow.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD: PASSWORD,
      },
    });
  }, 120_000);
  afterAll(async () => {
    await socbot.server.stop();
    await slow.close();
    await servicenow.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('posts the ticket result to the conversation that asked and to the room; changes made elsewhere too', async () => {
    const channel = chatOverHttp(connector, SOC_CHANNEL);
    const registered = await channel.say(socbot.server, MARIA, 'register this channel for soc alerts');
    expect(registered.text).toContain('Done: this conversation is registered for SOC alerts');

    const anaChat = chatOverHttp(connector, 'a:ana-chat');
    const done = await fillAndConfirm(
      anaChat,
      socbot.server,
      ANA,
      'register alert 4711 on PRD, user DDIC from terminal PC-0815, P2',
      'register-alert',
    );
    const ref = /Registered alert 4711 as (SOC-\d{4}-\d{4})/.exec(done.text)?.[1] ?? '';
    expect(ref).not.toBe('');
    expect(done.text).toContain(`On it: I will create the ticket for ${ref}`);

    const mariaChat = chatOverHttp(connector, 'a:maria-chat');
    const opened = await fillAndConfirm(
      mariaChat,
      socbot.server,
      MARIA,
      `open an incident room for ${ref}`,
      'investigate-incident',
    );
    expect(opened.text).toContain(`Opened the investigation room for ${ref}.`);
    expect(opened.text).toContain(`/incidents/${ref}`);

    // The room: one new thread in the SOC channel, headed by the incident.
    await waitFor(() => connector.created.length === 1, 'the room thread');
    const [thread] = connector.created;
    expect(thread?.parameters.channelData?.channel?.id).toBe(SOC_CHANNEL);
    expect(thread?.parameters.activity?.text).toContain(`Incident room ${ref} (alert 4711, P2, PRD)`);
    const room = chatOverHttp(connector, thread?.id ?? '');

    // The ticket's result, once: in Ana's chat, and in the room.
    const toAna = await anaChat.waitForMessage(/Ticket INC\d{7} created/, 15_000);
    expect(toAna.text).toMatch(/^Ticket INC0010001 created for SOC-/);
    const inRoom = await room.waitForMessage(/Ticket INC\d{7} created/, 15_000);
    expect(inRoom.text).toBe(`${ref}: ${toAna.text ?? ''}`);
    expect(servicenow.incidents).toHaveLength(1);

    // Ana takes the lead from her own chat: the room is told; her chat is answered as usual.
    await socbot.app.alertLifecycle.takeLead({
      actor: { id: ANA.id, name: ANA.name },
      ref,
      requestId: 'take-1',
      conversationKey: 'msteams/a:ana-chat',
    });
    const lead = await room.waitForMessage(/is now investigating/);
    expect(lead.text).toBe(`${ref} is now investigating; lead: Ana. Changed by Ana.`);
    expect(room.messages().filter((message) => /Ticket INC/.test(message.text ?? ''))).toHaveLength(1);
    expect(anaChat.messages().some((message) => /is now investigating/.test(message.text ?? ''))).toBe(false);
  }, 60_000);
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
