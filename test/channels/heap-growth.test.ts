import { limitHeapGrowth, SERVER_HEAP_GROWING_PERCENT } from '../../src/channels/heap-growth';

describe('limitHeapGrowth', () => {
  it('caps the heap growth factor when the operator chose none', () => {
    expect(limitHeapGrowth([])).toBe(SERVER_HEAP_GROWING_PERCENT);
    expect(limitHeapGrowth(['--enable-source-maps', '--max-old-space-size=512'])).toBe(
      SERVER_HEAP_GROWING_PERCENT,
    );
  });

  it("keeps the operator's own value from the node command line, in either spelling", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=20'])).toBeUndefined();
    expect(limitHeapGrowth(['--enable-source-maps', '--heap_growing_percent=80'])).toBeUndefined();
  });
});
