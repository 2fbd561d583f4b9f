import { ReplayGuard } from '../../src/channels/siem-intake/replay-guard';

describe('ReplayGuard', () => {
  it('runs the work once per key inside the window and again after it', async () => {
    const guard = new ReplayGuard<number>(1000);
    let runs = 0;
    const work = async (): Promise<number> => (runs += 1);
    expect(guard.once('sig', work, 0).replayed).toBe(false);
    const replay = guard.once('sig', work, 999);
    expect(replay.replayed).toBe(true);
    expect(await replay.result).toBe(1);
    expect(guard.once('sig', work, 1000).replayed).toBe(false);
    expect(runs).toBe(2);
  });

  it('shares a pending first delivery with a concurrent replay', async () => {
    const guard = new ReplayGuard<string>(1000);
    let release: (value: string) => void = () => undefined;
    const first = guard.once('sig', () => new Promise<string>((resolve) => (release = resolve)), 0);
    const second = guard.once('sig', async () => 'second', 1);
    release('first');
    expect(await second.result).toBe('first');
    expect(await first.result).toBe('first');
  });

  it('forgets a failed delivery so its retry runs', async () => {
    const guard = new ReplayGuard<string>(1000);
    const failed = guard.once('sig', async () => Promise.reject(new Error('down')), 0);
    await expect(failed.result).rejects.toThrow('down');
    const retry = guard.once('sig', async () => 'ok', 1);
    expect(retry.replayed).toBe(false);
    expect(await retry.result).toBe('ok');
  });

  it('stays bounded', () => {
    const guard = new ReplayGuard<number>(60_000, 2);
    guard.once('a', async () => 1, 0);
    guard.once('b', async () => 2, 1);
    guard.once('c', async () => 3, 2);
    expect(guard.once('a', async () => 4, 3).replayed).toBe(false);
    expect(guard.once('c', async () => 5, 4).replayed).toBe(true);
  });
});
