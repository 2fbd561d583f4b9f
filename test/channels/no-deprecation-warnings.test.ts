import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const SCRIPT = path.join(__dirname, 'fixtures', 'serve-and-list-warnings.ts');
const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm test` printed 44 DEP0111 warnings, and every `socbot serve` one: restify 11 loads spdy, whose
 * http-deceiver calls process.binding('http_parser'). package.json's overrides replace spdy with
 * vendor/spdy-unused (socbot never uses restify's HTTP/2 option). Checked in a child process: a
 * warning goes to the real process, which a jest test file does not own.
 */
describe('a running socbot server', () => {
  it('emits no deprecation warning', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-warnings-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT, dataDir], {
        cwd: ROOT,
        timeout: 60_000,
      });
      const warnings = stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { name: string; code?: string; message: string });
      expect(warnings.filter((warning) => warning.name === 'DeprecationWarning')).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
