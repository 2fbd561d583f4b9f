import { scrubSecrets } from '../../src/integrations/scrub-secrets';

const PASSWORD = 'Pa$$ w0rd/+?&"é=x';
const USER = 'socbot';

/** Every way a service has been seen to echo a credential back in an error body. */
const ENCODINGS: Array<[string, (secret: string) => string]> = [
  ['literal', (s) => s],
  ['encodeURIComponent', (s) => encodeURIComponent(s)],
  ['form-encoded (+ for space)', (s) => new URLSearchParams({ p: s }).toString().slice(2)],
  ['lower-case percent hex', (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
  ['JSON-escaped', (s) => JSON.stringify(s).slice(1, -1)],
  [
    'JSON-escaped with \\/ and \\u escapes',
    (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/').replace(/é/g, '\\u00e9'),
  ],
  ['base64', (s) => Buffer.from(s).toString('base64')],
  ['base64url', (s) => Buffer.from(s).toString('base64url')],
  ['Basic-auth pair in base64', (s) => `Basic ${Buffer.from(`${USER}:${s}`).toString('base64')}`],
  ['base64 at offset 1', (s) => Buffer.from(`x${s}y`).toString('base64')],
  ['base64 at offset 2', (s) => Buffer.from(`xy${s}`).toString('base64')],
  ['URL-encoded JSON', (s) => encodeURIComponent(JSON.stringify({ password: s }))],
  ['JSON-escaped URL-encoding', (s) => JSON.stringify(encodeURIComponent(s))],
  ['double URL-encoding', (s) => encodeURIComponent(encodeURIComponent(s))],
  [
    'base64 of a JSON body',
    (s) => Buffer.from(JSON.stringify({ user: USER, password: s })).toString('base64'),
  ],
  ['URL-encoded base64', (s) => encodeURIComponent(Buffer.from(s).toString('base64'))],
];

describe('scrubSecrets: every encoding a service may echo', () => {
  it.each(ENCODINGS)('removes the %s form', (_name, encode) => {
    const text = `login failed: ${encode(PASSWORD)} was refused`;
    const scrubbed = scrubSecrets(text, [PASSWORD]);
    expect(scrubbed).toContain('[redacted]');
    expect(scrubbed).toContain('login failed: ');
    expect(scrubbed).toContain(' was refused');
    // Nothing left that decodes back to the secret in any of the encodings.
    for (const [, again] of ENCODINGS) expect(scrubbed).not.toContain(again(PASSWORD));
  });

  it('leaves ordinary text and short values alone', () => {
    expect(scrubSecrets('ticket INC0010001 created for SOC-2026-0001', [PASSWORD, 'abc'])).toBe(
      'ticket INC0010001 created for SOC-2026-0001',
    );
  });
});
