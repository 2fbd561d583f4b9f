import { setFlagsFromString } from 'node:v8';

/** V8's own flag: after a full GC the heap may grow to (1 + percent / 100) × what survived it. */
const FLAG = 'heap-growing-percent';

/**
 * How far the server lets V8's heap grow past what survived the last full GC. V8 picks up to 4×
 * for a fast-allocating process, and a busy bot allocates fast (every turn builds and drops its
 * context, activities and HTTP requests), so a bot with 50 MB of live data sat at 250–300 MB RSS.
 * 1.5× keeps it well under that for a little more GC work.
 */
export const SERVER_HEAP_GROWING_PERCENT = 50;

/**
 * Caps the heap's growth factor for a long-running server, unless the operator chose a value
 * (`node --heap-growing-percent=N` or the same in NODE_OPTIONS), which then wins.
 * Returns the value in force, or undefined when the operator's own setting was kept.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): number | undefined {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) =>
    arg.replace(/_/g, '-').startsWith(`--${FLAG}`),
  );
  if (chosen) return undefined;
  // Read by V8 at every full GC, so setting it at run time takes effect from the next one.
  setFlagsFromString(`--${FLAG}=${SERVER_HEAP_GROWING_PERCENT}`);
  return SERVER_HEAP_GROWING_PERCENT;
}
