import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSdkConsole, SDK_CONSOLE_LIMIT } from '../../src/channels/sdk-console';
import { createCapturedLogger } from '../helpers/captured-logger';

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
    // pino writes asynchronously: the result line need not be the last one.
    const result = lines.find((line) => 'statuses' in line || 'failed' in line);
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

describe('createSdkConsole', () => {
  it('logs at most maxLines per interval and then says how many it dropped', async () => {
    const log = createCapturedLogger();
    const sdkConsole = createSdkConsole(log.logger, { maxLines: 2, intervalMs: 200 });
    await sdkConsole.run(async () => {
      for (let n = 0; n < 5; n += 1) console.error(`line ${n}\n-----BEGIN RSA PUBLIC KEY-----\nAAAA`);
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await sdkConsole.run(async () => console.warn(new Error('jwt expired')));
    expect(log.lines().map((line) => [line.sdkOutput, line.droppedBefore])).toEqual([
      ['line 0', undefined],
      ['line 1', undefined],
      ['Error: jwt expired', 3],
    ]);
  });
});

describe('createSdkConsole across overlapping checks', () => {
  it('keeps routing a check still running when another one ends (the routing is off only once none runs)', async () => {
    const log = createCapturedLogger();
    const sdkConsole = createSdkConsole(log.logger);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const longer = sdkConsole.run(async () => {
      await held;
      console.error('from the longer check');
    });
    await sdkConsole.run(async () => console.error('from the shorter check'));
    release();
    await longer;
    // A later check routes again.
    await sdkConsole.run(async () => console.warn('from a later check'));
    expect(log.lines().map((line) => line.sdkOutput)).toEqual([
      'from the shorter check',
      'from the longer check',
      'from a later check',
    ]);
  });
});
