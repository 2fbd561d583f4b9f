/**
 * Which outcomes of side effects the analyst was told (`<jobId>#<retries>`), so each is told exactly
 * once: in the turn that waited for it, or by a proactive message, never both. In this process
 * ({@link MemoryToldOutcomes}, the embedded default: one process settles and tells every job) or in
 * PostgreSQL (src/store/postgres/pg-told-outcomes.ts), where the replica whose worker settled a job
 * and the replica whose turn waited for it race for the same claim.
 *
 * @example
 *   if (await told.claim('job-7#0')) await deliver(message);
 */
export interface ToldOutcomes {
  /** True for the first caller for this outcome: that one tells the analyst. */
  claim(outcome: string): Promise<boolean>;
}

/** How long a told outcome is remembered in memory: a late duplicate event comes within seconds. */
export const REMEMBER_TOLD_MS = 10 * 60 * 1000;

/**
 * {@link ToldOutcomes} in this process, each outcome remembered for {@link REMEMBER_TOLD_MS}.
 *
 * @example
 *   const told = new MemoryToldOutcomes();
 */
export class MemoryToldOutcomes implements ToldOutcomes {
  private readonly told = new Set<string>();

  async claim(outcome: string): Promise<boolean> {
    if (this.told.has(outcome)) return false;
    this.told.add(outcome);
    setTimeout(() => this.told.delete(outcome), REMEMBER_TOLD_MS).unref();
    return true;
  }
}
