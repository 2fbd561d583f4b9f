import type { DirectLineLimits } from '../../../src/channels/directline/directline-conversations';
import type { DirectLineStore } from '../../../src/channels/directline/directline-store';

/** Builds a fresh, empty store with these bounds and clock; `close` releases it. */
export type MakeDirectLineStore = (
  limits: DirectLineLimits,
  now: () => number,
) => Promise<{ store: DirectLineStore; close(): Promise<void> }>;

const LIMITS: DirectLineLimits = {
  maxConversations: 50,
  maxActivitiesPerConversation: 5,
  idleTimeoutMs: 60_000,
  maxRememberedPostsPerConversation: 10,
};

/**
 * What every {@link DirectLineStore} does, in memory or in PostgreSQL: the behaviour the Direct Line
 * endpoint and Web Chat rely on (ids by watermark, polls by watermark, bounds, replace).
 */
export function describeDirectLineStoreContract(name: string, make: MakeDirectLineStore): void {
  describe(`DirectLineStore contract: ${name}`, () => {
    let time = 1_700_000_000_000;
    const now = (): number => time;
    let store: DirectLineStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make(LIMITS, now));
    });
    afterEach(() => close());

    it('opens a conversation once: the second open finds it', async () => {
      expect(await store.open('dl_a', 'analyst_1')).toEqual({ created: true });
      expect(await store.open('dl_a', 'analyst_1')).toEqual({ created: false });
      expect(await store.has('dl_a')).toBe(true);
      expect(await store.has('dl_never')).toBe(false);
    });

    it('numbers activities by watermark and answers a poll with what follows it', async () => {
      await store.open('dl_a', 'analyst_1');
      const first = await store.append('dl_a', { type: 'message', text: 'one' });
      const second = await store.append('dl_a', { type: 'message', text: 'two' });
      expect(first?.id).toBe('dl_a|0000000');
      expect(second?.id).toBe('dl_a|0000001');
      expect(first?.conversation.id).toBe('dl_a');
      expect(first?.channelId).toBe('webchat');

      const all = await store.since('dl_a', 0);
      expect(all?.activities.map((activity) => activity.text)).toEqual(['one', 'two']);
      expect(all?.watermark).toBe('2');
      const rest = await store.since('dl_a', 1);
      expect(rest?.activities.map((activity) => activity.text)).toEqual(['two']);
      expect((await store.since('dl_a', 2))?.activities).toEqual([]);
      expect((await store.since('dl_a', 2))?.watermark).toBe('2');
    });

    it('keeps the newest activities within the bound; an old watermark gets what is kept', async () => {
      await store.open('dl_a', 'analyst_1');
      for (let i = 0; i < 7; i += 1) await store.append('dl_a', { type: 'message', text: `m${i}` });
      const set = await store.since('dl_a', 0);
      expect(set?.activities.map((activity) => activity.text)).toEqual(['m2', 'm3', 'm4', 'm5', 'm6']);
      expect(set?.watermark).toBe('7');
    });

    it('does not append to a conversation it does not keep', async () => {
      expect(await store.append('dl_none', { type: 'message', text: 'lost' })).toBeUndefined();
      expect(await store.appendPost('dl_none', { type: 'message' }, 'c-1')).toBeUndefined();
      expect(await store.since('dl_none', 0)).toBeUndefined();
    });

    it('resumes a conversation it does not keep with watermarks from the current time', async () => {
      await store.resume('dl_r', 'analyst_1');
      const stored = await store.append('dl_r', { type: 'message', text: 'after a restart' });
      expect(stored?.id).toBe(`dl_r|${time}`);
      expect((await store.since('dl_r', 0))?.watermark).toBe(String(time + 1));
      // Resuming a kept conversation changes nothing.
      time += 5;
      await store.resume('dl_r', 'analyst_1');
      expect((await store.since('dl_r', 0))?.activities).toHaveLength(1);
    });

    it('replaces a stored activity but keeps its conversation; says false for one not kept', async () => {
      await store.open('dl_a', 'analyst_1');
      const stored = await store.append('dl_a', { type: 'message', text: 'card v1' });
      const id = stored?.id ?? '';
      expect(
        await store.replace('dl_a', { id, text: 'card v2', conversation: { id: 'other' } as never }),
      ).toBe(true);
      const [replaced] = (await store.since('dl_a', 0))?.activities ?? [];
      expect(replaced).toMatchObject({ id, text: 'card v2', type: 'message', conversation: { id: 'dl_a' } });
      expect(await store.replace('dl_a', { id: 'dl_a|0000099', text: 'x' })).toBe(false);
      expect(await store.replace('dl_a', { id: 'someone else', text: 'x' })).toBe(false);
    });

    it('tells which activity ids are in the stream', async () => {
      await store.open('dl_a', 'analyst_1');
      const stored = await store.append('dl_a', { type: 'message', text: 'hi' });
      expect(await store.contains('dl_a', stored?.id ?? '')).toBe(true);
      expect(await store.contains('dl_a', 'dl_a|join')).toBe(false);
      expect(await store.contains('dl_b', stored?.id ?? '')).toBe(false);
    });

    it('stores a post and says it is new', async () => {
      await store.open('dl_a', 'analyst_1');
      const posted = await store.appendPost('dl_a', { type: 'message', text: 'status' }, 'c-1');
      expect(posted).toMatchObject({ repeated: false, activity: { id: 'dl_a|0000000', text: 'status' } });
    });

    it('keeps what this process knows of a conversation (polls, remembered posts) between calls', async () => {
      await store.open('dl_a', 'analyst_1');
      const locals = store.locals('dl_a');
      locals.polls.set('analyst_1', { lastPolledAt: 5, heldPolls: 0 });
      expect(store.locals('dl_a').polls.get('analyst_1')).toEqual({ lastPolledAt: 5, heldPolls: 0 });
    });
  });
}
