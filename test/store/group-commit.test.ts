import { GroupCommit } from '../../src/store/group-commit';

/** A commit function that records its batches and finishes each one when told to. */
function gatedCommits(): {
  commits: GroupCommit<string, string>;
  batches: string[][];
  finish: () => void;
  fail: (error: Error) => void;
} {
  const batches: string[][] = [];
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const commits = new GroupCommit<string, string>(async (items) => {
    batches.push(items);
    await new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    return items.map((item) => `written ${item}`);
  });
  return {
    commits,
    batches,
    finish: () => settle?.resolve(),
    fail: (error) => settle?.reject(error),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits what arrives during a commit together in the next one, with a result per item', async () => {
    const { commits, batches, finish } = gatedCommits();
    const first = commits.add('a');
    const rest = [commits.add('b'), commits.add('c')];
    await tick();
    expect(batches).toEqual([['a']]);
    finish();
    expect(await first).toBe('written a');
    await tick();
    expect(batches).toEqual([['a'], ['b', 'c']]);
    finish();
    expect(await Promise.all(rest)).toEqual(['written b', 'written c']);
  });

  it("gives a failed batch's callers the error and goes on with the next batch", async () => {
    const { commits, batches, finish, fail } = gatedCommits();
    const failing = commits.add('a');
    const next = commits.add('b');
    await tick();
    fail(new Error('disk full'));
    await expect(failing).rejects.toThrow('disk full');
    await tick();
    expect(batches).toEqual([['a'], ['b']]);
    finish();
    await expect(next).resolves.toBe('written b');
    await commits.idle();
    expect(commits.busy).toBe(false);
  });

  it('runs an exclusive task after the running commit and before those added meanwhile', async () => {
    const { commits, batches, finish } = gatedCommits();
    const order: string[] = [];
    void commits.add('a').then(() => order.push('a'));
    await tick();
    const task = commits.exclusive(async () => {
      order.push('exclusive');
      return 'done';
    });
    void commits.add('b').then(() => order.push('b'));
    finish();
    expect(await task).toBe('done');
    await tick();
    finish();
    await commits.idle();
    expect(order).toEqual(['a', 'exclusive', 'b']);
    expect(batches).toEqual([['a'], ['b']]);
  });
});
