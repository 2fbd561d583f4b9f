import { KeyedQueue } from '../../src/store/keyed-queue';

/** A task that records when it starts and ends, and ends when told to. */
function gate(log: string[], name: string): { task: () => Promise<string>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return name;
    },
    open: () => open(),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('runs tasks on the same key one after another, in call order', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = gate(log, 'a1');
    const second = gate(log, 'a2');
    const results = [queue.run(['a'], first.task), queue.run(['a'], second.task)];
    await tick();
    expect(log).toEqual(['start a1']);
    second.open();
    first.open();
    expect(await Promise.all(results)).toEqual(['a1', 'a2']);
    expect(log).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
  });

  it('runs tasks on different keys side by side', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const results = [queue.run(['a'], a.task), queue.run(['b'], b.task)];
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    a.open();
    b.open();
    await Promise.all(results);
  });

  it('makes a task on two keys wait for both, and later tasks on either wait for it', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const both = gate(log, 'ab');
    const b = gate(log, 'b');
    const results = [queue.run(['a'], a.task), queue.run(['a', 'b'], both.task), queue.run(['b'], b.task)];
    await tick();
    expect(log).toEqual(['start a']);
    a.open();
    await tick();
    expect(log).toEqual(['start a', 'end a', 'start ab']);
    b.open();
    both.open();
    await Promise.all(results);
    expect(log.slice(-2)).toEqual(['start b', 'end b']);
  });

  it('goes on after a failed task and reports when idle', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run(['a'], () => Promise.reject(new Error('disk full')));
    const next = queue.run(['a'], () => Promise.resolve('ran'));
    await expect(failed).rejects.toThrow('disk full');
    await expect(next).resolves.toBe('ran');
    await queue.idle();
  });
});
