import { createHmac } from 'node:crypto';
import { ackUrl, checkAckToken, createAckToken } from '../../src/integrations/ack-token';
import { loadIntegrationConfig } from '../../src/integrations/integration-config';
import { noticeHtml, noticeText } from '../../src/integrations/notify/email-notifier';
import { NOTICE } from './fixtures';

const SECRET = 'ack-secret-0123456789';
const REF = 'SOC-2026-0001';
const ISSUED = new Date('2026-12-01T08:00:00Z');
const HOUR = 3600_000;

describe('acknowledge tokens expire', () => {
  it('carries its issue time: valid within the lifetime, expired after it', () => {
    const token = createAckToken(REF, SECRET, ISSUED);
    expect(token).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const at = (ms: number) => ({ now: new Date(ISSUED.getTime() + ms), ttlHours: 72 });
    expect(checkAckToken(REF, token, SECRET, at(0))).toBe('valid');
    expect(checkAckToken(REF, token, SECRET, at(72 * HOUR - 1000))).toBe('valid');
    expect(checkAckToken(REF, token, SECRET, at(72 * HOUR + 1000))).toBe('expired');
    expect(checkAckToken(REF, token, SECRET, { ...at(2 * HOUR), ttlHours: 1 })).toBe('expired');
  });

  it('an issue time changed in the link breaks the HMAC: it cannot be extended', () => {
    const token = createAckToken(REF, SECRET, ISSUED);
    const [, mac] = token.split('.');
    const later = Math.floor((ISSUED.getTime() + 100 * HOUR) / 1000).toString(36);
    const now = new Date(ISSUED.getTime() + 80 * HOUR);
    expect(checkAckToken(REF, `${later}.${mac ?? ''}`, SECRET, { now, ttlHours: 72 })).toBe('invalid');
    expect(checkAckToken('SOC-2026-0002', token, SECRET, { now: ISSUED, ttlHours: 72 })).toBe('invalid');
    expect(checkAckToken(REF, token, 'another-secret-0123', { now: ISSUED, ttlHours: 72 })).toBe('invalid');
  });

  it('a link from before tokens expired (a bare HMAC) is refused as expired', () => {
    const old = createHmac('sha256', SECRET).update(`basis.ack:${REF}`).digest('base64url');
    expect(checkAckToken(REF, old, SECRET, { now: ISSUED, ttlHours: 72 })).toBe('expired');
    expect(checkAckToken(REF, 'A'.repeat(43), SECRET, { now: ISSUED, ttlHours: 72 })).toBe('invalid');
  });

  it('ackUrl puts the issue time into the link', () => {
    const url = new URL(ackUrl('https://socbot.example.com', REF, SECRET, ISSUED));
    const token = url.searchParams.get('token') ?? '';
    expect(checkAckToken(REF, token, SECRET, { now: ISSUED, ttlHours: 72 })).toBe('valid');
  });
});

describe('BASIS_ACK_TTL_HOURS', () => {
  it('defaults to 72 hours', () => {
    expect(loadIntegrationConfig({}).basisAckTtlHours).toBe(72);
    expect(loadIntegrationConfig({ BASIS_ACK_TTL_HOURS: '24' }).basisAckTtlHours).toBe(24);
  });

  it.each(['0', '2161', '1.5', 'three days'])('refuses %s, naming the variable and the range', (value) => {
    expect(() => loadIntegrationConfig({ BASIS_ACK_TTL_HOURS: value })).toThrow(
      /BASIS_ACK_TTL_HOURS.*1.*2160/,
    );
  });
});

describe('the e-mail notice states how long its link works', () => {
  it('in the text and the HTML body', () => {
    const link = ackUrl('https://socbot.example.com', REF, SECRET, ISSUED);
    expect(noticeText(NOTICE, link, 72)).toContain(
      'The link works for 3 days; after that, acknowledge in Teams or ask the SOC.',
    );
    expect(noticeHtml(NOTICE, link, 36)).toContain('The link works for 36 hours;');
  });
});
