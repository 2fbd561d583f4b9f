import { createSharedCalls } from '../../../src/integrations/enrichment/shared-calls';

/** A call the test finishes by hand, recording the signal it was given. */
function manualCall() {
  const signals: AbortSignal[] = [];
  let finish: (value: string) => void = () => undefined;
  const start = (shared: AbortSignal) => {
    signals.push(shared);
    return new Promise<string>((resolve) => {
      finish = resolve;
    });
  };
  return { signals, start, finish: (value: string) => finish(value) };
}

describe('shared calls', () => {
  it('callers of the same key while it runs share one call and its result', async () => {
    const calls = createSharedCalls<string>();
    const call = manualCall();
    const a = calls.join('k', new AbortController().signal, call.start, () => 'aborted');
    const b = calls.join('k', new AbortController().signal, call.start, () => 'aborted');
    expect(calls.size).toBe(1);
    call.finish('answer');
    await expect(Promise.all([a, b])).resolves.toEqual(['answer', 'answer']);
    expect(call.signals).toHaveLength(1);
    expect(calls.size).toBe(0);
  });

  it('aborts the shared call only when every caller gave up, and then starts afresh for a new caller', async () => {
    const calls = createSharedCalls<string>();
    const call = manualCall();
    const first = new AbortController();
    const second = new AbortController();
    const a = calls.join('k', first.signal, call.start, () => 'aborted');
    const b = calls.join('k', second.signal, call.start, () => 'aborted');
    first.abort();
    await expect(a).resolves.toBe('aborted');
    expect(call.signals[0]?.aborted).toBe(false);
    second.abort();
    await expect(b).resolves.toBe('aborted');
    expect(call.signals[0]?.aborted).toBe(true);

    const c = calls.join('k', new AbortController().signal, call.start, () => 'aborted');
    expect(call.signals).toHaveLength(2);
    call.finish('fresh');
    await expect(c).resolves.toBe('fresh');
  });

  it('passes a failure on to every caller', async () => {
    const calls = createSharedCalls<string>();
    const failing = () => Promise.reject(new TypeError('bug'));
    await expect(calls.join('k', new AbortController().signal, failing, () => 'aborted')).rejects.toThrow(
      'bug',
    );
    expect(calls.size).toBe(0);
  });
});
