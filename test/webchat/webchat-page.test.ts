import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { httpRequest } from '../helpers/http-request';
import { startWebChatServer, type WebChatServer } from '../directline/helpers';

const VENDORED_BUNDLE = path.resolve(__dirname, '../../vendor/webchat/webchat.js');

describe('the Web Chat page and its locally served bundle', () => {
  let server: WebChatServer;
  beforeAll(async () => {
    server = await startWebChatServer();
  });
  afterAll(() => server.close());

  it.each(['/', '/webchat'])('GET %s serves the page under a CSP without inline scripts', async (route) => {
    const page = await httpRequest(`${server.url}${route}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<script src="/webchat/webchat.js"></script>');
    expect(page.text).not.toMatch(/<script>(?!<)/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });

  it('serves botframework-webchat 4.18.1 from this server, gzipped and cacheable', async () => {
    const plain = readFileSync(VENDORED_BUNDLE);
    const res = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
      (resolve, reject) => {
        get(`${server.url}/webchat/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
        }).on('error', reject);
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(res.body).equals(plain)).toBe(true);
    const etag = String(res.headers.etag);
    const again = await httpRequest(`${server.url}/webchat/webchat.js`, {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('serves the page script that connects Web Chat by polling to this origin', async () => {
    const script = await httpRequest(`${server.url}/webchat/page.js`);
    expect(script.status).toBe(200);
    expect(script.text).toContain("var base = location.origin + '/v3/directline';");
    expect(script.text).toContain("'/activities?watermark='");
    expect(script.text).toContain("'/tokens/refresh'");
  });
});
