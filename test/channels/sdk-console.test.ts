import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SDK_CONSOLE_LIMIT } from '../../src/channels/sdk-console';

const SCRIPT = path.join(__dirname, 'fixtures', 'serve-forged-tokens.ts');
const ROOT = path.resolve(__dirname, '../..');
const FORGED = 30;
const EXPIRED = 10;

/**
 * Issue 12 item 10: for forged or expired tokens the Bot Framework SDK printed multi-line public-key
 * dumps and stack traces to stderr (console.error), so unauthenticated callers could fill it. Checked
 * in a child process, whose real stderr the test reads.
 */
describe('console output of the SDK during token checks', () => {
  it('goes to the JSON log, rate-limited, and nothing to stderr', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', SCRIPT, String(FORGED), String(EXPIRED)],
      { cwd: ROOT, timeout: 60_000 },
    );
    const lines = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const result = lines.at(-1);
    expect(result).toEqual({ statuses: Array.from({ length: FORGED + EXPIRED }, () => 401) });
    expect(stderr).toBe('');

    const sdkLines = lines.filter((line) => line.msg === 'Bot Framework SDK output during a token check');
    // The burst takes well under one interval: at most the limit, and at least one says what happened.
    expect(sdkLines.length).toBeGreaterThanOrEqual(1);
    expect(sdkLines.length).toBeLessThanOrEqual(SDK_CONSOLE_LIMIT.maxLines);
    for (const line of sdkLines) {
      expect(line.level).toBe(40);
      // One line each: no key dump, no stack trace.
      expect(String(line.sdkOutput)).not.toMatch(/\n|BEGIN RSA PUBLIC KEY| at /);
    }
    expect(sdkLines.map((line) => line.sdkOutput)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Error finding key for token/)]),
    );
  }, 90_000);
});
