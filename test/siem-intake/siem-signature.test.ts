import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSiemSignature } from '../../src/channels/siem-intake/siem-signature';
import { signWebhook } from '../../src/integrations';

const README = path.join(__dirname, '../../src/channels/siem-intake/README.md');

describe('checkSiemSignature', () => {
  const secret = 'example-secret-change-me-0123456789';
  const now = new Date(1795000000 * 1000);

  it('accepts what signWebhook signs, over the exact bytes', () => {
    const body = '{"alertId":"4711","title":"Grüße"}';
    const headers = signWebhook(secret, body, now);
    const check = checkSiemSignature({
      secret,
      rawBody: Buffer.from(body, 'utf8'),
      timestamp: headers['X-Socbot-Timestamp'],
      signature: headers['X-Socbot-Signature'],
      maxSkewSeconds: 300,
      now,
    });
    expect(check).toEqual({ ok: true });
  });

  it('refuses the signature of an equivalent but re-serialized body', () => {
    const headers = signWebhook(secret, '{"alertId":"4711"}', now);
    const check = checkSiemSignature({
      secret,
      rawBody: Buffer.from('{ "alertId": "4711" }'),
      timestamp: headers['X-Socbot-Timestamp'],
      signature: headers['X-Socbot-Signature'],
      maxSkewSeconds: 300,
      now,
    });
    expect(check).toMatchObject({ ok: false, refusal: 'mismatch' });
  });

  it('refuses a signature without the sha256= prefix', () => {
    const headers = signWebhook(secret, '{}', now);
    const check = checkSiemSignature({
      secret,
      rawBody: Buffer.from('{}'),
      timestamp: headers['X-Socbot-Timestamp'],
      signature: headers['X-Socbot-Signature']?.replace('sha256=', ''),
      maxSkewSeconds: 300,
      now,
    });
    expect(check).toMatchObject({ ok: false, refusal: 'mismatch' });
  });

  it("matches the README's check vector, so the curl/openssl example stays right", async () => {
    const readme = await readFile(README, 'utf8');
    const body = /^BODY='(.*)'$/m.exec(readme)?.[1];
    const documented = /give `(sha256=[0-9a-f]{64})`/.exec(readme)?.[1];
    expect(body).toBeDefined();
    expect(signWebhook(secret, body ?? '', now)['X-Socbot-Signature']).toBe(documented);
  });
});
