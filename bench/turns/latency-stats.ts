/** Turns per second and latency percentiles of one measured run. */
export interface TurnStats {
  turns: number;
  errors: number;
  seconds: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** p50 and p99 per script step (which steps make the tail). */
  byStep: Record<string, { turns: number; p50Ms: number; p99Ms: number }>;
}

/** One measured turn. */
export interface TurnLatency {
  step: string;
  ms: number;
}

/** Summarises turn latencies measured over `seconds` of wall time. */
export function summarise(latencies: readonly TurnLatency[], errors: number, seconds: number): TurnStats {
  const all = percentiles(latencies.map((latency) => latency.ms));
  const steps = [...new Set(latencies.map((latency) => latency.step))];
  const byStep = Object.fromEntries(
    steps.map((step) => {
      const ms = latencies.filter((latency) => latency.step === step).map((latency) => latency.ms);
      const { p50Ms, p99Ms } = percentiles(ms);
      return [step, { turns: ms.length, p50Ms, p99Ms }];
    }),
  );
  return {
    turns: latencies.length,
    errors,
    seconds,
    turnsPerSecond: latencies.length / seconds,
    ...all,
    byStep,
  };
}

function percentiles(values: readonly number[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}
