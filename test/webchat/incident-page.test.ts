import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';
import { poll, pollPause, postActivity } from '../directline/helpers';
import { trainProjectModel } from '../e2e/helpers/trained-model';
import { httpRequest } from '../helpers/http-request';

const SECRET = 'webchat-secret-0123456789';
const ROLES = 'lead:maria@soc.example;analyst:ana@soc.example;engineer:erin@soc.example';

/** The token request as the documented SSO proxy sends it: the secret and the analyst it signed in. */
function asProxy(user?: string): Record<string, string> {
  return {
    Authorization: `Bearer ${SECRET}`,
    ...(user ? { 'X-Socbot-User': user, 'X-Socbot-User-Name': user.split('@')[0] ?? user } : {}),
  };
}

/**
 * The incident's shared Web Chat page over real HTTP, with WEBCHAT_SECRET and roles configured: who
 * gets a token for the room (401 without the proxy's secret and identity, 403 without the analyst
 * or lead role, 404 for an incident the register lacks), and that every viewer is on ONE conversation.
 */
describe('the incident page /incidents/:ref', () => {
  let dir: string;
  let socbot: SocbotUnderTest;
  let ref: string;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      env: { WEBCHAT_SECRET: SECRET, SOCBOT_ROLES: ROLES },
    });
    ({ ref } = await socbot.app.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'Ana',
      conversationId: 'c0',
    }));
  }, 120_000);
  afterAll(async () => {
    await socbot.server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const tokenOf = (incident: string, headers: Record<string, string>) =>
    httpRequest(`${socbot.server.url}/incidents/${incident}/token`, { headers });

  it('gives no token without the secret, or without the analyst the proxy signed in (401)', async () => {
    const anonymous = await tokenOf(ref, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ code: 'UNAUTHORIZED' });
    const wrongSecret = await tokenOf(ref, {
      Authorization: 'Bearer not-the-secret-at-all',
      'X-Socbot-User': 'ana@soc.example',
    });
    expect(wrongSecret.status).toBe(401);
    const nobody = await tokenOf(ref, asProxy());
    expect(nobody.status).toBe(401);
    expect((nobody.json as { message: string }).message).toContain('X-Socbot-User');
  });

  it('refuses, and audits, someone without the analyst or lead role (403)', async () => {
    const engineer = await tokenOf(ref, asProxy('erin@soc.example'));
    expect(engineer.status).toBe(403);
    expect((engineer.json as { message: string }).message).toContain('analyst or lead role');
    const unknown = await tokenOf(ref, asProxy('mallory@evil.example'));
    expect(unknown.status).toBe(403);
    await socbot.app.audit.flush();
    const refusals = (await socbot.app.audit.entries()).filter(
      (entry) => entry.action === 'refusal' && entry.summary.includes('incident room'),
    );
    expect(refusals.map((entry) => entry.actor.id)).toEqual(['erin@soc.example', 'mallory@evil.example']);
  });

  it('answers 404, with how to fix it, for an incident the register lacks; a malformed path gets a 404 page', async () => {
    const missing = await tokenOf('SOC-2026-0999', asProxy('ana@soc.example'));
    expect(missing.status).toBe(404);
    expect((missing.json as { message: string }).message).toContain('socbot alerts');
    // The role comes first: someone without it learns nothing about which incidents exist.
    expect((await tokenOf('SOC-2026-0999', asProxy('erin@soc.example'))).status).toBe(403);

    const page = await httpRequest(`${socbot.server.url}/incidents/%3Cscript%3Ex`);
    expect(page.status).toBe(404);
    expect(page.text).toContain('No incident &lt;script&gt;x');
    expect(page.text).not.toContain('<script>x');
    const good = await httpRequest(`${socbot.server.url}/incidents/${ref}`);
    expect(good.status).toBe(200);
    expect(good.text).toContain('/webchat/page.js');
  });

  it('puts every permitted viewer on the room’s one conversation: each sees what the other says', async () => {
    const ana = await tokenOf(ref, asProxy('ana@soc.example'));
    const maria = await tokenOf(ref.toLowerCase(), asProxy('maria@soc.example'));
    expect(ana.status).toBe(200);
    expect(maria.status).toBe(200);
    const anaGrant = ana.json as { conversationId: string; token: string; ref: string };
    const mariaGrant = maria.json as { conversationId: string; token: string };
    expect(anaGrant.ref).toBe(ref);
    expect(mariaGrant.conversationId).toBe(anaGrant.conversationId);
    expect((await socbot.app.rooms.get(ref))?.webchat?.conversationId).toBe(anaGrant.conversationId);
    // Opened by the first viewer's page, once: on the incident's timeline.
    expect(await socbot.app.rooms.get(ref)).toMatchObject({ openedBy: { id: 'ana@soc.example' } });
    await socbot.app.audit.flush();
    const openings = (await socbot.app.audit.entries()).filter(
      (entry) => entry.alertRef === ref && entry.summary.startsWith('open the investigation room'),
    );
    expect(openings.map((entry) => entry.actor.id)).toEqual(['ana@soc.example']);

    const url = socbot.server.url;
    for (const grant of [anaGrant, mariaGrant]) {
      const started = await httpRequest(`${url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${grant.token}` },
      });
      expect(started.status).toBe(201);
    }
    const said = await postActivity(url, anaGrant.token, anaGrant.conversationId, {
      type: 'message',
      text: 'hello team',
      from: { id: 'someone-else' },
    });
    expect(said.status).toBe(200);
    await pollPause();
    const seen = (await poll(url, mariaGrant.token, mariaGrant.conversationId)).json as {
      activities: Array<{ text?: string; from: { id: string; name?: string } }>;
    };
    const fromAna = seen.activities.find((activity) => activity.text === 'hello team');
    // Who said it is the token's user, never what the browser claims.
    expect(fromAna?.from).toMatchObject({ id: 'ana@soc.example', name: 'ana' });
    const after = seen.activities.slice(seen.activities.indexOf(fromAna as never) + 1);
    expect(after.some((activity) => activity.from.id === 'socbot')).toBe(true);
  });
});
