import type { ActionIntentStore } from '../../../src/store/action-intent-store';
import type { ActionIntent } from '../../../src/store/action-intents';

/** One implementation under test: a fresh, empty journal, and how to open it again (a restart). */
export interface ActionIntentStoreFixture {
  intents: ActionIntentStore;
  /** Closes `intents` and opens a new instance on the same data. */
  reopen(): Promise<ActionIntentStore>;
  cleanup(): Promise<void>;
}

/** A confirmed action, begun now (`at`), as the turn writes it. */
export function intentOf(requestId: string, conversationId = 'c1'): ActionIntent {
  return {
    requestId,
    skill: 'register-alert',
    slots: { alertId: '4711', system: 'PRD' },
    user: { id: 'ana', name: 'Ana' },
    actor: { id: 'ana', name: 'Ana', local: false },
    conversationId,
    conversationKey: `msteams/${conversationId}`,
    at: new Date().toISOString(),
  };
}

/**
 * The ActionIntentStore contract (src/store/action-intent-store.ts), run against the file journal
 * (ActionIntentLog) and PostgreSQL (PgActionIntentLog).
 *
 * @example
 *   describeActionIntentStoreContract('ActionIntentLog', async () => ({ intents, reopen, cleanup }));
 */
export function describeActionIntentStoreContract(
  name: string,
  open: () => Promise<ActionIntentStoreFixture>,
): void {
  describe(`${name} (ActionIntentStore contract)`, () => {
    let fixture: ActionIntentStoreFixture;
    let intents: ActionIntentStore;
    beforeEach(async () => {
      fixture = await open();
      intents = fixture.intents;
    });
    afterEach(() => fixture.cleanup());
    const ids = (list: readonly ActionIntent[]): string[] => list.map((intent) => intent.requestId);

    it('gives back the intents begun and not finished, whole, in the order they were begun', async () => {
      const a = intentOf('a');
      for (const id of ['a', 'b', 'c']) await intents.begin(id === 'a' ? a : intentOf(id));
      await intents.finish(['b']);
      const open = await intents.unfinished();
      expect(ids(open)).toEqual(['a', 'c']);
      expect(open[0]).toEqual(a);
    });

    it('keeps slots holding any text an analyst can type', async () => {
      const odd = { ...intentOf('a'), slots: { note: 'a\u0000b', broken: 'x\uD800y' } };
      await intents.begin(odd);
      expect(await intents.unfinished()).toEqual([odd]);
    });

    it('keeps them across a restart', async () => {
      await intents.begin(intentOf('a'));
      await intents.begin(intentOf('b'));
      await intents.finish(['a']);
      const after = await fixture.reopen();
      expect(ids(await after.unfinished())).toEqual(['b']);
    });

    it('keeps the first intent of a request id begun twice, and opens it again when begun after it finished', async () => {
      await intents.begin(intentOf('a', 'first'));
      await intents.begin(intentOf('a', 'second'));
      expect((await intents.unfinished()).map((intent) => intent.conversationId)).toEqual(['first']);
      await intents.finish(['a']);
      await intents.begin(intentOf('a', 'third'));
      expect((await intents.unfinished()).map((intent) => intent.conversationId)).toEqual(['third']);
    });

    it('says whether a request is begun and not finished (what a resent confirmation continues)', async () => {
      expect(await intents.isUnfinished('r1')).toBe(false);
      await intents.begin(intentOf('r1'));
      expect(await intents.isUnfinished('r1')).toBe(true);
      expect(await intents.isUnfinished('r2')).toBe(false);
      await intents.finish(['r1']);
      expect(await intents.isUnfinished('r1')).toBe(false);
    });

    it('finishes nothing more when finishing an unknown or finished request id', async () => {
      await intents.begin(intentOf('a'));
      await intents.finish([]);
      await intents.finish(['unknown', 'a']);
      await intents.finish(['a']);
      expect(await intents.unfinished()).toEqual([]);
    });

    it('gives with begunMsAgo only the intents begun at least that long ago', async () => {
      await intents.begin(intentOf('a'));
      expect(await intents.unfinished({ begunMsAgo: 60_000 })).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(ids(await intents.unfinished({ begunMsAgo: 10 }))).toEqual(['a']);
    });

    it('drops the finished intents on compact and keeps the open ones', async () => {
      for (const id of ['a', 'b', 'c']) await intents.begin(intentOf(id));
      await intents.finish(['a', 'c']);
      await intents.compact();
      expect(ids(await intents.unfinished())).toEqual(['b']);
      const after = await fixture.reopen();
      expect(ids(await after.unfinished())).toEqual(['b']);
      await after.begin(intentOf('d'));
      expect(ids(await after.unfinished())).toEqual(['b', 'd']);
    });
  });
}
