import { ReplayGuard } from '../../src/channels/siem-intake/replay-guard';

describe('ReplayGuard', () => {
  it('runs the work once per key inside the window and again after it', async () => {
    const guard = new ReplayGuard<number>(1000);
    let runs = 0;
    const work = async (): Promise<number> => (runs += 1);
    expect((await guard.once('sig', work, 0)).replayed).toBe(false);
    const replay = await guard.once('sig', work, 999);
    expect(replay.replayed).toBe(true);
    expect(replay.result).toBe(1);
    expect((await guard.once('sig', work, 1000)).replayed).toBe(false);
    expect(runs).toBe(2);
  });

  it('shares a pending first delivery with a concurrent replay', async () => {
    const guard = new ReplayGuard<string>(1000);
    let release: (value: string) => void = () => undefined;
    const first = guard.once('sig', () => new Promise<string>((resolve) => (release = resolve)), 0);
    const second = guard.once('sig', async () => 'second', 1);
    release('first');
    expect(await second).toEqual({ result: 'first', replayed: true });
    expect(await first).toEqual({ result: 'first', replayed: false });
  });

  it('forgets a failed delivery so its retry runs', async () => {
    const guard = new ReplayGuard<string>(1000);
    await expect(guard.once('sig', async () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    expect(await guard.once('sig', async () => 'ok', 1)).toEqual({ result: 'ok', replayed: false });
  });

  it('stays bounded', async () => {
    const guard = new ReplayGuard<number>(60_000, 2);
    await guard.once('a', async () => 1, 0);
    await guard.once('b', async () => 2, 1);
    await guard.once('c', async () => 3, 2);
    expect((await guard.once('a', async () => 4, 3)).replayed).toBe(false);
    expect((await guard.once('c', async () => 5, 4)).replayed).toBe(true);
  });
});
