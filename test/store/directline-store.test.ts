import { MemoryDirectLineStore } from '../../src/channels/directline/memory-directline-store';
import { PgDirectLineStore } from '../../src/channels/directline/pg-directline-store';
import { openTestPool, twoReplicaPools } from '../helpers/postgres';
import { describeDirectLineStoreContract } from './contracts/directline-store-contract';

describeDirectLineStoreContract('in memory', async (limits, now) => ({
  store: new MemoryDirectLineStore(limits, now),
  close: async () => undefined,
}));

describeDirectLineStoreContract('PostgreSQL', async (limits, now) => {
  const { db, close } = await openTestPool();
  return { store: new PgDirectLineStore(db, limits, now), close };
});

describe('PgDirectLineStore shared by two replicas (two pools on one database)', () => {
  const replicas = twoReplicaPools();
  let replicaA: PgDirectLineStore;
  let replicaB: PgDirectLineStore;
  beforeEach(() => {
    replicaA = new PgDirectLineStore(replicas.a);
    replicaB = new PgDirectLineStore(replicas.b);
  });

  it('gives concurrent appends of both replicas distinct, gapless watermarks, polled in order from either', async () => {
    await replicaA.open('dl_x', 'analyst_1');
    const appends = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? replicaA : replicaB).append('dl_x', { type: 'message', text: `m${i}` }),
    );
    const stored = await Promise.all(appends);
    const ids = stored.map((activity) => activity?.id);
    expect(new Set(ids).size).toBe(40);
    const fromB = await replicaB.since('dl_x', 0);
    expect(fromB?.watermark).toBe('40');
    // The default bound keeps 200, so all 40 are there, numbered 0…39 without a gap.
    expect(fromB?.activities.map((activity) => activity.id)).toEqual(
      Array.from({ length: 40 }, (_, i) => `dl_x|${String(i).padStart(7, '0')}`),
    );
    expect((await replicaA.since('dl_x', 0))?.activities).toEqual(fromB?.activities);
  });

  it('never lets a poll skip an activity whose append was still running (watermarks commit in order)', async () => {
    await replicaA.open('dl_y', 'analyst_1');
    let seen = 0;
    const texts: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 60; i += 1) {
        await (i % 2 === 0 ? replicaA : replicaB).append('dl_y', { type: 'message', text: `m${i}` });
      }
      writing = false;
    })();
    const reader = (async () => {
      while (writing || seen < 60) {
        const set = await replicaB.since('dl_y', seen);
        texts.push(...(set?.activities ?? []).map((activity) => activity.text ?? ''));
        seen = Number(set?.watermark);
      }
    })();
    await Promise.all([writer, reader]);
    expect(texts).toEqual(Array.from({ length: 60 }, (_, i) => `m${i}`));
  });

  it('stores a post retried on the other replica once: the retry gets the first copy, repeated', async () => {
    await replicaA.open('dl_z', 'analyst_1');
    const [first, retry] = await Promise.all([
      replicaA.appendPost('dl_z', { type: 'message', text: 'isolate host' }, 'c-1'),
      replicaB.appendPost('dl_z', { type: 'message', text: 'isolate host' }, 'c-1'),
    ]);
    expect([first?.repeated, retry?.repeated].sort()).toEqual([false, true]);
    expect(retry?.activity.id).toBe(first?.activity.id);
    expect((await replicaB.since('dl_z', 0))?.activities).toHaveLength(1);
    // Another client activity id is another post.
    expect((await replicaB.appendPost('dl_z', { type: 'message', text: 'again' }, 'c-2'))?.repeated).toBe(
      false,
    );
  });

  it('runs the turn of a post again when its replica died mid-turn (lease ran out), never while it runs or once answered', async () => {
    let time = 1_700_000_000_000;
    const clock = (): number => time;
    const limits = {
      maxConversations: 10,
      maxActivitiesPerConversation: 10,
      idleTimeoutMs: 3_600_000,
      maxRememberedPostsPerConversation: 10,
    };
    const dying = new PgDirectLineStore(replicas.a, limits, clock, 60_000);
    const survivor = new PgDirectLineStore(replicas.b, limits, clock, 60_000);
    await dying.open('dl_k', 'analyst_1');
    const first = await dying.appendPost('dl_k', { type: 'message', text: 'block user' }, 'c-7');
    expect(first?.repeated).toBe(false);
    // A dies before its turn finished. A retry within the lease: the turn may still be running.
    time += 30_000;
    expect(
      (await survivor.appendPost('dl_k', { type: 'message', text: 'block user' }, 'c-7'))?.repeated,
    ).toBe(true);
    // After the lease: the survivor takes the turn over, on the same stored message.
    time += 31_000;
    const takenOver = await survivor.appendPost('dl_k', { type: 'message', text: 'block user' }, 'c-7');
    expect(takenOver).toMatchObject({ repeated: false, activity: { id: first?.activity.id } });
    // Only one retry takes it over: the lease is the survivor's now.
    expect((await dying.appendPost('dl_k', { type: 'message', text: 'block user' }, 'c-7'))?.repeated).toBe(
      true,
    );
    await survivor.postAnswered('dl_k', takenOver?.activity.id ?? '');
    time += 600_000;
    expect(
      (await survivor.appendPost('dl_k', { type: 'message', text: 'block user' }, 'c-7'))?.repeated,
    ).toBe(true);
    expect((await survivor.since('dl_k', 0))?.activities).toHaveLength(1);
  });

  it('forgets conversations idle past the bound when a conversation is opened', async () => {
    let time = 1_700_000_000_000;
    const limits = {
      maxConversations: 10,
      maxActivitiesPerConversation: 10,
      idleTimeoutMs: 60_000,
      maxRememberedPostsPerConversation: 10,
    };
    const clocked = new PgDirectLineStore(replicas.a, limits, () => time);
    await clocked.open('dl_old', 'analyst_1');
    await clocked.append('dl_old', { type: 'message', text: 'old' });
    time += 61_000;
    await clocked.open('dl_new', 'analyst_2');
    expect(await clocked.has('dl_old')).toBe(false);
    expect(await clocked.has('dl_new')).toBe(true);
  });
});
