import { isSocbotError } from '../../../src/errors';
import type { NewAlert } from '../../../src/store/alert-register';
import type { AlertStore } from '../../../src/store/alert-store';

/**
 * One test's alert register: `open` hands out a store on it; a second `open` is another process
 * (the CLI beside the bot) or another replica on the same data.
 */
export interface AlertStoreUnderTest {
  open(now: () => Date): AlertStore;
  /** After the test: closes what it opened and removes the register. */
  dispose(): Promise<void>;
}

const facts: NewAlert = {
  alertId: '4711',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'c1',
};

/**
 * The behaviour every alert store shares (src/store/alert-store.ts), run against the file register
 * and the PostgreSQL one: references, idempotent adds, lifecycle changes and refusals, reads.
 *
 * @example
 *   describeAlertStoreContract('AlertRegister (alerts.jsonl)', async () => ({ open: (now) => new AlertRegister(dir, now), dispose }));
 */
export function describeAlertStoreContract(
  name: string,
  makeRegister: () => Promise<AlertStoreUnderTest>,
): void {
  describe(`${name}: the alert store contract`, () => {
    let register: AlertStoreUnderTest;
    let clock: Date;
    const now = (): Date => clock;
    beforeEach(async () => {
      clock = new Date('2026-03-01T10:00:00Z');
      register = await makeRegister();
    });
    afterEach(() => register.dispose());

    it('starts empty: nothing listed, found or requested', async () => {
      const store = register.open(now);
      expect(await store.list()).toEqual([]);
      expect(await store.views()).toEqual([]);
      expect(await store.find('SOC-2026-0001')).toBeUndefined();
      expect(await store.view('4711')).toBeUndefined();
      expect(await store.hasRequest('turn-1')).toBe(false);
    });

    it('registers an alert with the next reference of the year, keeping every fact given', async () => {
      const store = register.open(now);
      const first = await store.add({ ...facts, client: '100', title: 'Debug access', ip: '10.0.0.7' });
      expect(first).toEqual({
        ...facts,
        client: '100',
        title: 'Debug access',
        ip: '10.0.0.7',
        ref: 'SOC-2026-0001',
        status: 'registered',
        createdAt: '2026-03-01T10:00:00.000Z',
      });
      expect((await store.add(facts)).ref).toBe('SOC-2026-0002');
      clock = new Date('2027-01-01T00:00:01Z');
      expect((await store.add(facts)).ref).toBe('SOC-2027-0001');
      expect((await store.list()).map((alert) => alert.ref)).toEqual([
        'SOC-2026-0001',
        'SOC-2026-0002',
        'SOC-2027-0001',
      ]);
    });

    it('gives concurrent adds distinct consecutive references that never repeat, also on a second store', async () => {
      const store = register.open(now);
      const other = register.open(now);
      const added = await Promise.all(
        Array.from({ length: 20 }, (_, at) =>
          (at % 2 === 0 ? store : other).add({ ...facts, alertId: `A${at}` }),
        ),
      );
      const refs = added.map((alert) => alert.ref).sort();
      expect(refs).toEqual(
        Array.from({ length: 20 }, (_, at) => `SOC-2026-${String(at + 1).padStart(4, '0')}`),
      );
      expect((await other.add(facts)).ref).toBe('SOC-2026-0021');
      expect((await store.add(facts)).ref).toBe('SOC-2026-0022');
      expect(await store.list()).toHaveLength(22);
    });

    it("registers a form's request id once: a Confirm clicked twice returns the first alert, unchanged", async () => {
      const store = register.open(now);
      const first = await store.add({ ...facts, requestId: 'turn-7' });
      const again = await store.add({ ...facts, priority: 'P1', requestId: 'turn-7' });
      expect(again).toEqual(first);
      const together = await Promise.all([
        store.add({ ...facts, alertId: '4712', requestId: 'turn-8' }),
        store.add({ ...facts, alertId: '4712', requestId: 'turn-8' }),
      ]);
      expect(together[0]).toEqual(together[1]);
      expect(await store.hasRequest('turn-7')).toBe(true);
      expect(await store.hasRequest('turn-9')).toBe(false);
      expect((await store.list()).map((alert) => alert.ref)).toEqual(['SOC-2026-0001', 'SOC-2026-0002']);
    });

    it("registers a SIEM delivery's idempotency key once, whichever store the retry reaches", async () => {
      const first = register.open(now);
      const second = register.open(now);
      const delivered = await first.add({ ...facts, createdBy: 'siem', requestId: 'siem:evt-42' });
      const retried = await second.add({ ...facts, createdBy: 'siem', requestId: 'siem:evt-42' });
      expect(retried.ref).toBe(delivered.ref);
      expect(await second.hasRequest('siem:evt-42')).toBe(true);
      expect(await first.list()).toHaveLength(1);
      // Without a request id, the same facts are two alerts.
      await first.add(facts);
      await first.add(facts);
      expect(await second.list()).toHaveLength(3);
    });

    it('finds by reference or latest alert ID whatever the case, lists an alert ID oldest first, and hands out copies', async () => {
      const store = register.open(now);
      await store.add({ ...facts, alertId: 'evt-1' });
      await store.add({ ...facts, alertId: 'other' });
      await store.add({ ...facts, alertId: 'EVT-1', system: 'DEV' });
      expect((await store.find(' soc-2026-0002 '))?.alertId).toBe('other');
      expect(await store.find('Evt-1')).toMatchObject({ ref: 'SOC-2026-0003', system: 'DEV' });
      expect((await store.withAlertId('evt-1')).map((alert) => alert.ref)).toEqual([
        'SOC-2026-0001',
        'SOC-2026-0003',
      ]);
      expect((await store.viewsWithAlertId('EVT-1')).map((alert) => alert.ref)).toEqual([
        'SOC-2026-0001',
        'SOC-2026-0003',
      ]);
      expect(await store.find('SOC-2026-0099')).toBeUndefined();
      expect(await store.withAlertId('nope')).toEqual([]);
      const found = await store.find('SOC-2026-0001');
      found!.system = 'changed';
      (await store.list())[0]!.system = 'changed';
      expect((await store.find('SOC-2026-0001'))?.system).toBe('PRD');
    });

    it('folds changes into the view: lead, note, contain, close, reopen, seen by a second store', async () => {
      const store = register.open(now);
      const { ref } = await store.add(facts);
      expect(await store.view(ref)).toMatchObject({
        status: 'registered',
        classification: null,
        lead: null,
        notes: [],
        updatedAt: null,
      });
      const at = (minute: number): void => {
        clock = new Date(`2026-03-01T10:${String(minute).padStart(2, '0')}:00Z`);
      };
      at(1);
      const led = await store.change({
        ref: ref.toLowerCase(),
        action: 'lead',
        lead: 'ben@soc',
        leadName: 'Ben',
        by: 'Ana',
        requestId: 'r1',
      });
      expect(led).toMatchObject({
        ref,
        made: true,
        change: {
          change: ref,
          action: 'lead',
          from: 'registered',
          to: 'investigating',
          at: '2026-03-01T10:01:00.000Z',
        },
        lifecycle: { status: 'investigating', lead: { id: 'ben@soc', name: 'Ben' } },
      });
      at(2);
      await store.change({ ref, action: 'note', note: 'user confirmed', by: 'Ben', requestId: 'r2' });
      at(3);
      await store.change({ ref, action: 'contain', by: 'Ben', requestId: 'r3' });
      at(4);
      const closed = await store.change({
        ref,
        action: 'close',
        classification: 'true_positive',
        by: 'Ben',
        requestId: 'r4',
      });
      expect(closed.lifecycle).toMatchObject({ status: 'closed', classification: 'true_positive' });
      const other = register.open(now);
      expect(await other.view(ref)).toEqual({
        ...facts,
        ref,
        createdAt: '2026-03-01T10:00:00.000Z',
        status: 'closed',
        classification: 'true_positive',
        lead: { id: 'ben@soc', name: 'Ben' },
        notes: [{ by: 'Ben', at: '2026-03-01T10:02:00.000Z', text: 'user confirmed' }],
        updatedAt: '2026-03-01T10:04:00.000Z',
      });
      at(5);
      await other.change({ ref, action: 'reopen', by: 'Ana', requestId: 'r5' });
      expect(await store.view('4711')).toMatchObject({ status: 'investigating', classification: null });
      expect((await store.views()).map((view) => [view.ref, view.status])).toEqual([[ref, 'investigating']]);
    });

    it('hands out every change made, oldest first, once per request id, to a second store too', async () => {
      const store = register.open(now);
      expect(await store.changes()).toEqual([]);
      const first = await store.add(facts);
      const second = await store.add({ ...facts, alertId: '4712', requestId: 'turn-2' });
      clock = new Date('2026-03-01T10:01:00Z');
      await store.change({
        ref: first.ref,
        action: 'lead',
        lead: 'ben@soc',
        leadName: 'Ben',
        by: 'Ana',
        requestId: 'r1',
      });
      await store.change({ ref: second.ref, action: 'contain', by: 'Ana', requestId: 'r2' });
      await store.change({
        ref: first.ref,
        action: 'close',
        classification: 'false_positive',
        by: 'Ben',
        requestId: 'r3',
      });
      await store.change({
        ref: first.ref,
        action: 'close',
        classification: 'false_positive',
        by: 'Ben',
        requestId: 'r3',
      });
      const changes = await register.open(now).changes();
      expect(changes.map((change) => [change.change, change.action, change.from, change.to])).toEqual([
        [first.ref, 'lead', 'registered', 'investigating'],
        [second.ref, 'contain', 'registered', 'contained'],
        [first.ref, 'close', 'investigating', 'closed'],
      ]);
      expect(changes[0]).toMatchObject({ leadName: 'Ben', by: 'Ana', at: '2026-03-01T10:01:00.000Z' });
      for (const change of changes) change.by = 'changed by the caller';
      expect((await store.changes())[0]?.by).toBe('Ana');
    });

    it('reads on from a cursor: only what was registered and changed since, on its own store and from a second one', async () => {
      const store = register.open(now);
      const empty = await store.readOn();
      expect(empty).toMatchObject({ records: [], changes: [], fromStart: true });
      const first = await store.add(facts);
      await store.change({ ref: first.ref, action: 'lead', lead: 'ana@soc', by: 'Ana', requestId: 'r1' });
      // (From the start or not: a file register begins its index anew when its file first appears.)
      const all = await store.readOn(empty.cursor);
      expect(all.records.map((record) => record.ref)).toEqual([first.ref]);
      expect(all.changes.map((change) => change.requestId)).toEqual(['r1']);
      expect(await store.readOn(all.cursor)).toMatchObject({ records: [], changes: [], fromStart: false });
      // Another writer (a second store: another replica, or a CLI on the same files).
      const other = register.open(now);
      const second = await other.add({ ...facts, alertId: '4712', requestId: 'turn-2' });
      await other.change({
        ref: first.ref,
        action: 'note',
        note: 'called the user',
        by: 'Ana',
        requestId: 'r2',
      });
      await other.change({ ref: second.ref, action: 'contain', by: 'Ana', requestId: 'r3' });
      const more = await store.readOn(all.cursor);
      expect(more.records.map((record) => record.ref)).toEqual([second.ref]);
      expect(more.changes.map((change) => change.requestId)).toEqual(['r2', 'r3']);
      // Copies: what a reader changes is not the register's.
      (more.records[0] as { alertId: string }).alertId = 'changed by the caller';
      expect((await store.find(second.ref))?.alertId).toBe('4712');
      // No cursor, or one it did not give: everything, from the start.
      for (const cursor of [undefined, 'not a cursor', '{"at":-1}']) {
        const whole = await store.readOn(cursor);
        expect(whole.fromStart).toBe(true);
        expect(whole.records.map((record) => record.ref)).toEqual([first.ref, second.ref]);
        expect(whole.changes.map((change) => change.requestId)).toEqual(['r1', 'r2', 'r3']);
      }
    });

    it('refuses a change its status does not allow, an unknown alert and an incomplete change, writing nothing', async () => {
      const store = register.open(now);
      const { ref } = await store.add(facts);
      const refusal = (promise: Promise<unknown>): Promise<unknown> =>
        promise.catch((error: unknown) => error);
      const reopen = await refusal(store.change({ ref, action: 'reopen', by: 'Ben', requestId: 'a' }));
      expect(isSocbotError(reopen, 'INPUT_INVALID')).toBe(true);
      expect((reopen as Error).message).toContain('Possible now: lead, note, contain, close');
      await expect(store.change({ ref, action: 'close', by: 'Ben', requestId: 'b' })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        message: expect.stringContaining('needs a classification'),
      });
      await expect(
        store.change({ ref, action: 'note', note: ' ', by: 'Ben', requestId: 'c' }),
      ).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
      await expect(
        store.change({ ref: 'SOC-2026-0099', action: 'contain', by: 'Ben', requestId: 'd' }),
      ).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining('socbot alerts') });
      expect(await store.view(ref)).toMatchObject({ status: 'registered', updatedAt: null, notes: [] });
      // A refused change wrote nothing, its request id included: asked again properly, it is made.
      expect(
        await store.change({
          ref,
          action: 'close',
          classification: 'false_positive',
          by: 'Ben',
          requestId: 'b',
        }),
      ).toMatchObject({ made: true, lifecycle: { status: 'closed' } });
      await expect(store.change({ ref, action: 'contain', by: 'Ben', requestId: 'e' })).rejects.toMatchObject(
        {
          message: expect.stringContaining(`${ref} is closed`),
        },
      );
    });

    it('makes a change once per request id, on any store, without refusing the repeat', async () => {
      const store = register.open(now);
      const { ref } = await store.add(facts);
      await store.change({ ref, action: 'note', note: 'once', by: 'Ben', requestId: 'same-note' });
      const close = {
        ref,
        action: 'close' as const,
        classification: 'true_positive' as const,
        by: 'Ben',
        requestId: 'same',
      };
      const made = await store.change(close);
      const repeated = await register.open(now).change(close);
      expect(repeated).toEqual({ ...made, made: false });
      const noteAgain = await store.change({
        ref,
        action: 'note',
        note: 'once',
        by: 'Ben',
        requestId: 'same-note',
      });
      expect(noteAgain).toMatchObject({ made: false, lifecycle: { status: 'closed' } });
      expect((await store.view(ref))?.notes).toHaveLength(1);
    });

    it('has everything called so far stored once flush resolves', async () => {
      const store = register.open(now);
      const adds = [store.add(facts), store.add(facts)];
      await store.flush();
      await Promise.all(adds);
      expect(await register.open(now).list()).toHaveLength(2);
    });
  });
}
