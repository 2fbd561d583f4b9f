import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ackUrl } from '../../src/integrations/ack-token';
import { trainProjectModel } from '../e2e/helpers/trained-model';
import { httpRequest } from '../helpers/http-request';
import { startSocbotUnderTest, type SocbotUnderTest } from './helpers/socbot-under-test';

const ACK_SECRET = 'basis-ack-secret-0123456789';
const SIEM_SECRET = 'siem-secret-0123456789abcdef';

/**
 * The SIEM intake and the acknowledge route take their secrets from the configuration loaded once
 * (config.siem.secret, config.integrations.basisAckSecret), not from an environment read again.
 */
describe("socbot's routes and the configured secrets", () => {
  let dir: string;
  let modelPath: string;
  const running: SocbotUnderTest[] = [];
  beforeAll(async () => {
    ({ dir, modelPath } = await trainProjectModel());
  }, 120_000);
  afterAll(async () => {
    for (const socbot of running) await socbot.server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (name: string, config: Parameters<typeof startSocbotUnderTest>[0]['config']) => {
    const socbot = await startSocbotUnderTest({ dataDir: path.join(dir, name), modelPath, config });
    running.push(socbot);
    return socbot.server.url;
  };
  const unsignedAlert = (url: string) =>
    httpRequest(`${url}/api/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ alertId: '4711' }),
    });

  it('serves both routes with the secrets of the configuration', async () => {
    const url = await start('with-secrets', {
      integrations: { basisAckSecret: ACK_SECRET },
      siem: { secret: SIEM_SECRET },
    });
    const page = await httpRequest(ackUrl(url, 'SOC-2026-0001', ACK_SECRET));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Acknowledge SOC-2026-0001</button>');
    expect((await httpRequest(ackUrl(url, 'SOC-2026-0001', 'another-secret-0123456'))).status).toBe(401);
    // The intake is on: an unsigned delivery is refused as unauthenticated, not as "not configured".
    expect((await unsignedAlert(url)).status).toBe(401);
  });

  it('keeps both routes off without secrets', async () => {
    const url = await start('without-secrets', {});
    expect((await httpRequest(ackUrl(url, 'SOC-2026-0001', ACK_SECRET))).status).toBe(503);
    expect((await unsignedAlert(url)).status).toBe(503);
  });
});
