import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { trainProjectModel } from '../e2e/helpers/trained-model';
import {
  chatOverHttp,
  fillAndConfirm,
  startSocbotUnderTest,
  type SocbotUnderTest,
} from './helpers/socbot-under-test';

const MEMBER_PATH = /^\/v3\/conversations\/[^/]+\/members\/([^/?]+)/;

/**
 * Teams' member API in front of the connector stand-in: `GET …/members/{userId}` answers the user's
 * e-mail from `emails` (404 for others); everything else goes on to the stand-in.
 */
async function startTeamsConnector(
  connector: ConnectorStandIn,
  emails: Record<string, string>,
): Promise<{ serviceUrl: string; memberLookups: string[]; close(): Promise<void> }> {
  const memberLookups: string[] = [];
  const server = http.createServer((req, res) => {
    const member = req.method === 'GET' ? MEMBER_PATH.exec(req.url ?? '') : null;
    if (member) {
      const userId = decodeURIComponent(member[1] ?? '');
      memberLookups.push(userId);
      const email = emails[userId];
      res.statusCode = email ? 200 : 404;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify(
          email
            ? { id: userId, name: userId, email, userPrincipalName: email }
            : { error: { code: 'NotFound' } },
        ),
      );
      return;
    }
    const upstream = http.request(
      new URL(req.url ?? '/', connector.serviceUrl),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    memberLookups,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('roles configured by e-mail', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let teams: Awaited<ReturnType<typeof startTeamsConnector>>;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    connector = await startConnectorStandIn();
    teams = await startTeamsConnector(connector, { '29:eve': 'Eve@Corp.com' });
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      config: { access: accessConfigOf({ analyst: ['eve@corp.com'] }) },
    });
  });
  afterAll(async () => {
    await socbot.server.stop();
    await teams.close();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("matches a Teams user by the e-mail Teams' member API gives, asking once per user", async () => {
    const chat = chatOverHttp({ ...connector, serviceUrl: teams.serviceUrl }, 'conv-eve');
    const done = await fillAndConfirm(
      chat,
      socbot.server,
      { id: '29:eve', name: 'Eve' },
      'register alert 4711 on PRD',
      'register-alert',
    );
    expect(done.text).toMatch(/Registered alert 4711 as SOC-\d{4}-\d{4}/);
    expect(teams.memberLookups).toEqual(['29:eve']);
  });

  it('leaves a user without a configured e-mail unknown', async () => {
    const chat = chatOverHttp({ ...connector, serviceUrl: teams.serviceUrl }, 'conv-mallory');
    // Refused before any question is asked.
    const done = await chat.say(
      socbot.server,
      { id: '29:mallory', name: 'Mallory' },
      'register alert 4712 on PRD',
    );
    expect(done.text).toContain("you are not in socbot's role configuration");
  });
});
