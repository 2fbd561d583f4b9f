import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { pngSize } from '../../src/teams/png-size';
import { validateTeamsManifest } from '../../src/teams/validate-teams-manifest';
import { isSocbotError } from '../../src/errors';
import { runCli } from '../cli/run-cli';

const BOT_ID = '1b7a6e9c-3f0d-4c59-9f2e-6d8a0b4c2e11';
const TEAMS_DIR = path.resolve(__dirname, '../../teams');

describe('socbot teams-package', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-teams-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes a zip with manifest.json and both icons, the bot ID from MicrosoftAppId', async () => {
    const out = path.join(dir, 'out', 'socbot-teams.zip');
    const run = await runCli(['teams-package', '--out', out, '--valid-domain', 'socbot.soc.example.com'], {
      env: { MicrosoftAppId: BOT_ID },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${out}`);

    const files = unzipSync(new Uint8Array(await readFile(out)));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as {
      id: string;
      manifestVersion: string;
      version: string;
      bots: Array<{ botId: string; scopes: string[] }>;
      validDomains: string[];
      name: { short: string };
      icons: { color: string; outline: string };
    };
    expect(manifest).toMatchObject({
      id: BOT_ID,
      manifestVersion: '1.19',
      version: '0.1.0',
      validDomains: ['socbot.soc.example.com'],
      name: { short: 'socbot' },
      icons: { color: 'color.png', outline: 'outline.png' },
    });
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: BOT_ID })]);
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(() => validateTeamsManifest(manifest)).not.toThrow();
    expect(pngSize(Buffer.from(files['color.png'] as Uint8Array))).toEqual({ width: 192, height: 192 });
    expect(pngSize(Buffer.from(files['outline.png'] as Uint8Array))).toEqual({ width: 32, height: 32 });
  });

  it('the same inputs give the same bytes', async () => {
    const a = path.join(dir, 'a.zip');
    const b = path.join(dir, 'b.zip');
    await runCli(['teams-package', '--out', a], { env: { MicrosoftAppId: BOT_ID } });
    await runCli(['teams-package', '--out', b], { env: { MicrosoftAppId: BOT_ID } });
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
  });

  it('without MicrosoftAppId: a clear error, exit 1, no file', async () => {
    const out = path.join(dir, 'never.zip');
    const run = await runCli(['teams-package', '--out', out], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[CONFIG_INVALID\]: MicrosoftAppId is not set/);
    expect(run.stderr).toContain('docs/teams.md');
    await expect(readFile(out)).rejects.toThrow();
  });

  it('refuses a MicrosoftAppId that is not a GUID', async () => {
    const run = await runCli(['teams-package', '--out', path.join(dir, 'x.zip')], {
      env: { MicrosoftAppId: 'my-bot' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"my-bot" is not a GUID');
  });

  it('refuses icons of the wrong size, naming the size Teams needs', async () => {
    const icons = path.join(dir, 'icons');
    await mkdir(icons, { recursive: true });
    await copyFile(path.join(TEAMS_DIR, 'outline.png'), path.join(icons, 'color.png'));
    await copyFile(path.join(TEAMS_DIR, 'outline.png'), path.join(icons, 'outline.png'));
    const run = await runCli(['teams-package', '--out', path.join(dir, 'y.zip'), '--icons', icons], {
      env: { MicrosoftAppId: BOT_ID },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is 32×32; Teams requires 192×192 for the color icon');
  });
});

describe('the Teams manifest schema check', () => {
  async function validManifest(): Promise<Record<string, unknown>> {
    const dir = await mkdtemp(path.join(tmpdir(), 'socbot-teams-manifest-'));
    try {
      const out = path.join(dir, 'p.zip');
      await runCli(['teams-package', '--out', out], { env: { MicrosoftAppId: BOT_ID } });
      const files = unzipSync(new Uint8Array(await readFile(out)));
      return JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as Record<string, unknown>;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it.each([
    [
      'a bot ID that is not a GUID',
      (m: Record<string, unknown>) => ({ ...m, bots: [{ botId: 'nope', scopes: ['personal'] }] }),
      '/bots/0/botId',
    ],
    [
      'another manifest version',
      (m: Record<string, unknown>) => ({ ...m, manifestVersion: '1.18' }),
      '/manifestVersion',
    ],
    [
      'a short name over 30 characters',
      (m: Record<string, unknown>) => ({ ...m, name: { short: 'x'.repeat(31), full: 'x' } }),
      '/name/short',
    ],
    ['no developer', (m: Record<string, unknown>) => ({ ...m, developer: undefined }), 'developer'],
    ['an unknown field', (m: Record<string, unknown>) => ({ ...m, color: 'blue' }), 'additional'],
  ])('rejects %s', async (_name, change, expected) => {
    const manifest = JSON.parse(JSON.stringify(change(await validManifest()))) as unknown;
    let caught: unknown;
    try {
      validateTeamsManifest(manifest);
    } catch (error) {
      caught = error;
    }
    expect(isSocbotError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain(expected);
  });
});
