/** Turns per second and latency percentiles of one measured run. */
export interface TurnStats {
  turns: number;
  errors: number;
  seconds: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Summarises turn latencies (ms) measured over `seconds` of wall time. */
export function summarise(latenciesMs: number[], errors: number, seconds: number): TurnStats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    turns: latenciesMs.length,
    errors,
    seconds,
    turnsPerSecond: latenciesMs.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}
