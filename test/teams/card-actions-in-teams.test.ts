import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { socbotServerOptions } from '../../src/cli/commands/serve';
import { defaultNluServices } from '../../src/cli/default-nlu-services';
import { accessConfigOf } from '../../src/access/access-config';
import { testConfig } from '../helpers/test-config';
import { outcomeCard, readExecuteAction } from '../../src/channels/card-action-invoke';
import { PROJECT_CORPUS, trainProjectModel } from '../e2e/helpers/trained-model';
import { alertsOnDisk } from '../helpers/alerts-on-disk';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { postActivity, type TestResponse } from '../helpers/http-request';

/** Activities as Teams sends them (recorded shapes: msteams, aadObjectId, tenant, clientInfo…). */
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/**
 * socbot's real server and model, receiving Teams' recorded activities on /api/messages: typed
 * messages, an Action.Submit click (a message with `value`, no text) and an Action.Execute click
 * (an `adaptiveCard/action` invoke, answered in the HTTP response).
 */
describe('Adaptive Card buttons in Teams', () => {
  let dir: string;
  let dataDir: string;
  let server: RunningServer;
  let connector: ConnectorStandIn;
  let sequence = 0;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    dataDir = path.join(dir, 'data');
    connector = await startConnectorStandIn();
    const config = testConfig({
      dataDir,
      modelPath: trained.modelPath,
      corpusPath: PROJECT_CORPUS,
      // The recorded Teams user is an analyst by Entra object id, as a SOC configures it.
      access: accessConfigOf({ analyst: ['6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d'] }),
    });
    server = await startServer(
      config,
      socbotServerOptions(defaultNluServices(), createCapturedLogger().logger, { config }),
    );
  });
  afterAll(async () => {
    await server.stop();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Posts a recorded Teams activity into `conversationId`; returns the HTTP answer and the bot's replies. */
  async function send(
    conversationId: string,
    name: string,
    fields: Record<string, unknown> = {},
  ): Promise<{ res: TestResponse; text: string }> {
    sequence += 1;
    const recorded = fixture(name);
    const id = `${String(recorded.id)}-${sequence}`;
    const res = await postActivity(server.url, {
      ...recorded,
      id,
      serviceUrl: connector.serviceUrl,
      conversation: { ...(recorded.conversation as object), id: conversationId },
      ...fields,
    });
    const text = connector
      .repliesTo(conversationId, id)
      .map((reply) => reply.activity.text ?? '')
      .join('\n');
    return { res, text };
  }

  async function fillFormUpToConfirmation(conversationId: string, alertId: string): Promise<void> {
    expect(
      (await send(conversationId, 'teams-message', { text: `register alert ${alertId} on PRD` })).text,
    ).toContain('From which terminal');
    expect((await send(conversationId, 'teams-message', { text: 'PC-0815' })).text).toContain(
      'Which SAP user',
    );
    expect((await send(conversationId, 'teams-message', { text: 'DDIC' })).text).toContain('Which priority');
    const confirmation = await send(conversationId, 'teams-message', { text: 'P2' });
    expect(confirmation.text).toContain(`Register alert ${alertId} on PRD`);
    const card = connector.repliesOf(conversationId).at(-1)?.activity.attachments;
    expect(card).toEqual([
      expect.objectContaining({ contentType: 'application/vnd.microsoft.card.adaptive' }),
    ]);
  }

  async function alertIds(): Promise<string[]> {
    // What is on disk, not what the bot's register has in memory.
    return (await alertsOnDisk(dataDir)).map((alert) => alert.alertId);
  }

  it('Action.Submit: a message with `value` and no text confirms the form', async () => {
    const conversationId = 'a:teams-submit';
    await fillFormUpToConfirmation(conversationId, '4711');
    const recorded = fixture('teams-card-submit');
    expect(recorded).not.toHaveProperty('text');
    const pressed = await send(conversationId, 'teams-card-submit');
    expect(pressed.res.status).toBe(200);
    expect(pressed.text).toMatch(/Registered alert 4711 as SOC-\d{4}-\d{4}/);
    expect(await alertIds()).toContain('4711');
  });

  it('Action.Execute: the adaptiveCard/action invoke is answered with a card, and the form is confirmed', async () => {
    const conversationId = 'a:teams-execute';
    await fillFormUpToConfirmation(conversationId, '4712');
    const pressed = await send(conversationId, 'teams-card-execute');
    expect(pressed.res.status).toBe(200);
    const body = pressed.res.json as {
      statusCode: number;
      type: string;
      value: { body: Array<{ text: string }> };
    };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.value.body.map((block) => block.text).join('\n')).toMatch(
      /Registered alert 4712 as SOC-\d{4}-\d{4}/,
    );
    expect(body.value).not.toHaveProperty('actions');
    // The conversation gets the same answer as for Action.Submit.
    expect(pressed.text).toMatch(/Registered alert 4712 as SOC-/);
    expect(await alertIds()).toContain('4712');
  });

  it('Action.Execute with the verb "cancel" cancels the form and registers nothing', async () => {
    const conversationId = 'a:teams-execute-cancel';
    await fillFormUpToConfirmation(conversationId, '4713');
    const recorded = fixture('teams-card-execute');
    const value = recorded.value as { action: Record<string, unknown> };
    const pressed = await send(conversationId, 'teams-card-execute', {
      value: { ...value, action: { ...value.action, title: 'Cancel', verb: 'cancel' } },
    });
    expect(pressed.res.status).toBe(200);
    expect(JSON.stringify(pressed.res.json)).toContain('OK, cancelled');
    expect(await alertIds()).not.toContain('4713');
  });
});

describe('reading an Action.Execute', () => {
  it.each([
    [
      { action: { type: 'Action.Execute', verb: 'confirm', data: { skill: 's' } } },
      { verb: 'confirm', data: { skill: 's' } },
    ],
    [{ action: { type: 'Action.Execute', verb: 'confirm' } }, { verb: 'confirm', data: {} }],
    [{ action: { type: 'Action.Submit', verb: 'confirm' } }, undefined],
    [{ action: { type: 'Action.Execute', verb: '' } }, undefined],
    [{ action: 'confirm' }, undefined],
    [null, undefined],
  ])('%j → %j', (value, expected) => {
    expect(readExecuteAction(value)).toEqual(expected);
  });
});

describe('the card that replaces the clicked one', () => {
  it('shows each paragraph of the messages as its own text block, in order', () => {
    const card = outcomeCard([
      { type: 'message', text: 'Registered alert 4711 as SOC-2026-0001.\n\nSay "inform Basis" if needed.' },
      { type: 'typing' },
      { type: 'message', text: 'Ticket INC0012345 opened.' },
    ]);
    expect((card.body as Array<{ text: string }>).map((block) => block.text)).toEqual([
      'Registered alert 4711 as SOC-2026-0001.',
      'Say "inform Basis" if needed.',
      'Ticket INC0012345 opened.',
    ]);
  });
});
