import type { DeliveryReplayGuard } from '../../../src/channels/siem-intake/delivery-replay-guard';

/** Builds a fresh guard remembering keys for `rememberMs`; `close` releases it. */
export type MakeReplayGuard = (
  rememberMs: number,
) => Promise<{ guard: DeliveryReplayGuard<{ ref: string }>; close(): Promise<void> }>;

/** What every SIEM replay guard does, in memory or in PostgreSQL. */
export function describeReplayGuardContract(name: string, make: MakeReplayGuard): void {
  describe(`DeliveryReplayGuard contract: ${name}`, () => {
    let guard: DeliveryReplayGuard<{ ref: string }>;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ guard, close } = await make(1000));
    });
    afterEach(() => close());

    it('runs the work once per key inside the window, and again after it', async () => {
      let runs = 0;
      const work = async (): Promise<{ ref: string }> => ({ ref: `SOC-${(runs += 1)}` });
      const start = 1_700_000_000_000;
      expect(await guard.once('sig', work, start)).toEqual({ result: { ref: 'SOC-1' }, replayed: false });
      expect(await guard.once('sig', work, start + 999)).toEqual({
        result: { ref: 'SOC-1' },
        replayed: true,
      });
      expect(await guard.once('other', work, start + 999)).toEqual({
        result: { ref: 'SOC-2' },
        replayed: false,
      });
      expect(await guard.once('sig', work, start + 1000)).toEqual({
        result: { ref: 'SOC-3' },
        replayed: false,
      });
      expect(runs).toBe(3);
    });

    it('gives a replay that arrives while the first delivery runs the first one’s answer', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let runs = 0;
      const first = guard.once(
        'sig',
        async () => {
          runs += 1;
          await gate;
          return { ref: 'SOC-first' };
        },
        1_700_000_000_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const replay = guard.once(
        'sig',
        async () => {
          runs += 1;
          return { ref: 'SOC-second' };
        },
        1_700_000_000_001,
      );
      release();
      expect(await replay).toEqual({ result: { ref: 'SOC-first' }, replayed: true });
      expect(await first).toEqual({ result: { ref: 'SOC-first' }, replayed: false });
      expect(runs).toBe(1);
    });

    it('forgets a failed first delivery, so its retry runs', async () => {
      await expect(
        guard.once('sig', async () => Promise.reject(new Error('down')), 1_700_000_000_000),
      ).rejects.toThrow('down');
      expect(await guard.once('sig', async () => ({ ref: 'SOC-ok' }), 1_700_000_000_001)).toEqual({
        result: { ref: 'SOC-ok' },
        replayed: false,
      });
    });
  });
}
