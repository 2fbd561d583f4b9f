import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../src/audit/audit-log';
import { redactSecrets } from '../../src/audit/redact-secrets';

const PASSWORD = 'sn-pass/word+0123456789';

describe('redactSecrets: secret values inside texts, not only under secret-named keys', () => {
  it('removes credentials a text quotes: URL userinfo, Basic and Bearer values', () => {
    const basic = Buffer.from(`socbot:${PASSWORD}`).toString('base64');
    const details = {
      error: {
        message: `GET https://socbot:${encodeURIComponent(PASSWORD)}@acme.service-now.com/x failed; sent Authorization: Basic ${basic} and Bearer eyJhbGciOi.J9x-y_z`,
      },
    };
    const text = JSON.stringify(redactSecrets(details));
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(text).not.toContain(basic);
    expect(text).not.toContain('eyJhbGciOi');
    expect(text).toContain('acme.service-now.com/x failed');
    // Words after "basic" in an ordinary text stay.
    expect(redactSecrets({ note: 'basic configuration of the SAP router' })).toEqual({
      note: 'basic configuration of the SAP router',
    });
  });

  it('removes the given credential values in every encoding, at any depth', () => {
    const details = {
      jobs: [{ lastError: { message: `refused ${Buffer.from(PASSWORD).toString('base64url')}` } }],
    };
    const redacted = redactSecrets(details, [PASSWORD]);
    expect(redacted.jobs[0]?.lastError.message).toBe('refused [redacted]');
  });
});

describe('AuditLog with the configured credential values', () => {
  it('writes no configured secret into the trail, in any encoding, under any key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-secrets-'));
    try {
      const file = path.join(dir, 'audit.jsonl');
      const audit = new AuditLog(file, undefined, [PASSWORD]);
      await audit.append({
        actor: { id: 'socbot' },
        action: 'result',
        summary: `create the ticket (${encodeURIComponent(PASSWORD)})`,
        result: `failed: ${Buffer.from(PASSWORD).toString('base64url')}`,
        details: {
          note: `service said ${Buffer.from(PASSWORD).toString('base64')} / ${encodeURIComponent(PASSWORD)}`,
        },
      });
      await audit.close();
      const trail = await readFile(file, 'utf8');
      // Base64 padding may stay behind the redaction mark; the secret does not.
      expect(trail).toMatch(/service said \[redacted\]=* \/ \[redacted\]/);
      expect(trail).not.toContain(Buffer.from(PASSWORD).toString('base64'));
      expect(trail).not.toContain(encodeURIComponent(PASSWORD));
      expect(trail).not.toContain(Buffer.from(PASSWORD).toString('base64url'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
