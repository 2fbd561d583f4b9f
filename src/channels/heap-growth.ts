import { setFlagsFromString } from 'node:v8';

/** V8's own flag: after a full GC the heap may grow to (1 + percent / 100) × what survived it. */
const FLAG = 'heap-growing-percent';

/**
 * How far the server lets V8's heap grow past what survived the last full GC. V8 allows up to
 * 4× for a fast-allocating process, and a busy bot allocates fast (every turn builds and drops its
 * context, activities and HTTP requests). In the turns soak, 2× kept the peak RSS at ~195 MB
 * where V8's own choice reached ~230 MB, for little more GC work; 1.5× cost visibly more CPU.
 */
export const SERVER_HEAP_GROWING_PERCENT = 100;

/**
 * Caps the heap's growth factor for a long-running server, unless the operator chose a value on
 * the node command line (`node --heap-growing-percent=N …`; Node does not accept this flag in
 * NODE_OPTIONS), which then wins. Returns the value set, or undefined when the operator's was kept.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): number | undefined {
  const chosen = execArgv.some((arg) => arg.replace(/_/g, '-').startsWith(`--${FLAG}`));
  if (chosen) return undefined;
  // Read by V8 at every full GC, so setting it at run time takes effect from the next one.
  setFlagsFromString(`--${FLAG}=${SERVER_HEAP_GROWING_PERCENT}`);
  return SERVER_HEAP_GROWING_PERCENT;
}
