import { ackUrl, createAckToken, verifyAckToken } from '../../src/integrations/ack-token';

const SECRET = 'ack-secret-0123456789';

describe('acknowledge tokens', () => {
  it('verifies a token made for the same ref and secret only', () => {
    const token = createAckToken('SOC-2026-0001', SECRET);
    expect(token).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyAckToken('SOC-2026-0001', token, SECRET)).toBe(true);
    expect(verifyAckToken('SOC-2026-0002', token, SECRET)).toBe(false);
    expect(verifyAckToken('SOC-2026-0001', token, 'another-secret-000')).toBe(false);
    expect(verifyAckToken('SOC-2026-0001', token.slice(0, -1), SECRET)).toBe(false);
    expect(verifyAckToken('SOC-2026-0001', undefined, SECRET)).toBe(false);
  });

  it('builds the link with the ref and token URL-encoded', () => {
    const url = new URL(ackUrl('https://socbot.example.com/base/', 'SOC 1&x=2', SECRET));
    expect(url.pathname).toBe('/base/api/basis/ack');
    expect(url.searchParams.get('ref')).toBe('SOC 1&x=2');
    expect([...url.searchParams.keys()]).toEqual(['ref', 'token']);
    expect(verifyAckToken('SOC 1&x=2', url.searchParams.get('token') ?? undefined, SECRET)).toBe(true);
  });

  it('never verifies a link against no secret: anyone can compute the HMAC of an empty key', () => {
    const forged = createAckToken('SOC-2026-0001', '');
    expect(verifyAckToken('SOC-2026-0001', forged, '')).toBe(false);
  });
});
