import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { auditFilePath } from '../../src/audit/audit-log';
import { signWebhook } from '../../src/integrations/webhook-signature';
import {
  startServiceNowStandIn,
  type ServiceNowStandIn,
} from '../integrations/stand-ins/servicenow-stand-in';
import { chatOverHttp, startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest } from '../helpers/http-request';
import { trainProjectModel } from './helpers/trained-model';

const ANA = { id: 'ana-29', name: 'Ana' };
const LEA = { id: 'lea-29', name: 'Lea' };
const SIEM_SECRET = 'siem-secret-0123456789abcdef';
const PASSWORD = 'servicenow-secret-0123456789';

/**
 * A SIEM alert end to end: signed POST /api/alerts → alert registered once (a SIEM retry is a
 * duplicate) → ticket through the outbox → card in the conversation registered for SOC alerts →
 * the analyst's decisions on the card.
 */
describe('SIEM intake wired to the app', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let servicenow: ServiceNowStandIn;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    connector = await startConnectorStandIn();
    servicenow = await startServiceNowStandIn('socbot', PASSWORD);
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      env: {
        SOCBOT_ROLES: 'analyst:ana-29;lead:lea-29',
        SIEM_WEBHOOK_SECRET: SIEM_SECRET,
        TICKETING: 'servicenow',
        SERVICENOW_URL: servicenow.url,
        SERVICENOW_USER: 'socbot',
        SERVICENOW_PASSWORD: PASSWORD,
      },
    });
  });
  afterAll(async () => {
    await socbot.server.stop();
    await servicenow.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function deliver(alert: Record<string, unknown>): Promise<{ status: number; json: unknown }> {
    const body = JSON.stringify(alert);
    const res = await httpRequest(`${socbot.server.url}/api/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signWebhook(SIEM_SECRET, body) },
      body,
    });
    return { status: res.status, json: res.json };
  }

  it('registers once, tickets once, posts the card to the SOC channel, and the card buttons work', async () => {
    const socRoom = chatOverHttp(connector, 'conv-soc-room');
    expect((await socRoom.say(socbot.server, LEA, 'register this channel for soc alerts')).text).toBe(
      'Done: this conversation is registered for SOC alerts from the SIEM.',
    );

    const alert = {
      alertId: '9001',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      source: 'splunk',
    };
    const first = await deliver(alert);
    expect(first.status).toBe(202);
    const ref = (first.json as { ref: string }).ref;
    expect(ref).toMatch(/^SOC-\d{4}-\d{4}$/);
    const retry = await deliver(alert);
    expect(retry).toMatchObject({ status: 200, json: { ref, status: 'duplicate' } });

    const card = await socRoom.waitForMessage(new RegExp(ref));
    expect(JSON.stringify(card.attachments)).toContain('alert.inform');
    const deadline = Date.now() + 5000;
    while (servicenow.incidents.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(servicenow.incidents).toHaveLength(1);
    expect(await socbot.app.store.alerts.list()).toHaveLength(1);

    const inform = await socRoom.press(socbot.server, ANA, { action: 'alert.inform', ref });
    expect(inform.text).toContain("OK, let's inform the Basis team.");
    expect(inform.text).toContain('Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 9001)?');

    const falsePositive = await socRoom.press(socbot.server, ANA, { action: 'alert.false-positive', ref });
    expect(falsePositive.text).toBe(
      `Closed ${ref} (alert 9001) as a false positive, recorded in the audit trail. Nothing was blocked or sent to Basis. Ticket INC0010001 will be closed too; I will say when it is done.`,
    );
    expect(await socbot.app.store.alerts.view(ref)).toMatchObject({
      status: 'closed',
      classification: 'false_positive',
      lead: { id: 'ana-29', name: 'Ana' },
    });
    // The ticket follows: one resolve of the incident with the false-positive close code.
    const closedBy = Date.now() + 5000;
    while (servicenow.updates.length === 0 && Date.now() < closedBy)
      await new Promise((r) => setTimeout(r, 50));
    expect(servicenow.updates).toHaveLength(1);
    expect(servicenow.updates[0]?.fields).toMatchObject({
      state: '6',
      close_code: 'No resolution provided',
    });
    expect(servicenow.incidents[0]).toMatchObject({ state: '6', close_code: 'No resolution provided' });
    await socRoom.waitForMessage(new RegExp(`Ticket INC0010001 closed for ${ref} \\(false_positive\\)\\.`));

    // A second press changes nothing and updates nothing.
    const again = await socRoom.press(socbot.server, ANA, { action: 'alert.false-positive', ref });
    expect(again.text).toBe(`${ref} is already closed as false_positive; nothing changed.`);
    await socbot.app.outbox.waitFor(
      (await socbot.app.outbox.list()).find((job) => job.type === 'ticket.update')!.id,
      5000,
    );
    expect(servicenow.updates).toHaveLength(1);

    const audit = (await readFile(auditFilePath(path.join(dir, 'data')), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; summary: string; alertRef?: string });
    expect(audit.filter((entry) => entry.alertRef === ref).map((entry) => entry.summary)).toEqual(
      expect.arrayContaining([
        'register alert 9001 from splunk',
        'post.soc',
        'ticket.create',
        `assign ${ref} to Ana`,
        `close ${ref} as false_positive`,
        `close ticket INC0010001 of ${ref}`,
        'ticket.update',
      ]),
    );
  });

  it('refuses the False positive button to whoever may not close the alert, says why and audits it', async () => {
    const socRoom = chatOverHttp(connector, 'conv-soc-refusals');
    const delivered = await deliver({ alertId: '9003', system: 'PRD', priority: 'P3', source: 'splunk' });
    const { ref } = delivered.json as { ref: string };
    const EVE = { id: 'eve-29', name: 'Eve' };

    const stranger = await socRoom.press(socbot.server, EVE, { action: 'alert.false-positive', ref });
    expect(stranger.text).toMatch(
      new RegExp(`^I did not close ${ref} as a false positive\\. .*SOCBOT_ROLES`),
    );
    await socbot.app.alertLifecycle.takeLead({ actor: LEA, ref, requestId: 'lea-takes-9003' });
    const notHers = await socRoom.press(socbot.server, ANA, { action: 'alert.false-positive', ref });
    expect(notHers.text).toBe(
      `I did not close ${ref} as a false positive. An analyst closes only an alert they lead; Lea leads this one. Ask them or a SOC lead.`,
    );

    expect(await socbot.app.store.alerts.view(ref)).toMatchObject({
      status: 'investigating',
      lead: { id: 'lea-29', name: 'Lea' },
    });
    const refusals = (await readFile(auditFilePath(path.join(dir, 'data')), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; alertRef?: string; actor: { id: string } })
      .filter((entry) => entry.alertRef === ref && entry.action === 'refusal');
    expect(refusals.map((entry) => entry.actor.id)).toEqual(['eve-29', 'ana-29']);
  });

  it("keeps the SIEM's title, description and IP on the alert, for socbot alerts and the lifecycle", async () => {
    const delivered = await deliver({
      alertId: '9002',
      system: 'PRD',
      priority: 'P1',
      ip: '10.20.30.40',
      title: 'Debugging in production',
      description: 'A debugger changed a variable\nin program RSUSR002',
      source: 'splunk',
    });
    expect(delivered.status).toBe(202);
    const { ref } = delivered.json as { ref: string };
    expect(await socbot.app.store.alerts.view(ref)).toMatchObject({
      alertId: '9002',
      title: 'Debugging in production',
      description: 'A debugger changed a variable\nin program RSUSR002',
      ip: '10.20.30.40',
      status: 'registered',
      lead: null,
    });
  });
});
