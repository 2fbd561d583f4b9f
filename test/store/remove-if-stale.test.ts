import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeIfStale } from '../../src/store/remove-if-stale';

const STALE_AFTER_MS = 10_000;

describe('removeIfStale (a takeover marker left by a taker that died)', () => {
  let dir: string;
  let marker: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-stale-'));
    marker = path.join(dir, 'socbot.lock.takeover');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeStale(content: string): Promise<void> {
    await writeFile(marker, content);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(marker, longAgo, longAgo);
  }

  it('removes a marker older than the bound, leaving nothing behind', async () => {
    await writeStale('999999998');
    expect(await removeIfStale(marker, STALE_AFTER_MS)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a fresh marker, and does nothing when there is none', async () => {
    await writeFile(marker, '999999998');
    expect(await removeIfStale(marker, STALE_AFTER_MS)).toBe(false);
    expect(await readFile(marker, 'utf8')).toBe('999999998');
    await rm(marker);
    expect(await removeIfStale(marker, STALE_AFTER_MS)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps a live taker's marker that replaced the stale one between the check and the removal", async () => {
    await writeStale('999999998');
    // The barrier: the remover has judged the marker stale; before it goes on, another process
    // removes that stale marker and a live taker creates its own.
    const barrier = async (): Promise<void> => {
      await rm(marker);
      await writeFile(marker, String(process.pid));
    };
    expect(await removeIfStale(marker, STALE_AFTER_MS, { afterCheck: barrier })).toBe(false);
    expect(await readFile(marker, 'utf8')).toBe(String(process.pid));
    expect(await readdir(dir)).toEqual(['socbot.lock.takeover']);
  });
});
