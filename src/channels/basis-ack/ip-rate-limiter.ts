/**
 * A light per-client limit: at most `maxPerWindow` requests per IP per window (fixed windows). It
 * keeps a link-scanning bot or a token guesser from hammering the acknowledge route; it is not a
 * defence against a distributed attack (the 256-bit token is). The table is bounded: when it is
 * full, the oldest windows are dropped first.
 *
 * @example
 *   const limiter = new IpRateLimiter(30, 60_000);
 *   limiter.allow('10.0.0.1', Date.now()); // { allowed: true } … { allowed: false, retryAfterSeconds: 42 }
 */
export class IpRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly maxPerWindow: number,
    private readonly windowMs: number,
    private readonly maxClients = 10_000,
  ) {}

  /** Counts one request of `ip` and says whether it may proceed. */
  allow(ip: string, nowMs: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    let window = this.windows.get(ip);
    if (!window || nowMs - window.startedAt >= this.windowMs) {
      this.windows.delete(ip); // re-inserted last, so Map order stays oldest window first
      window = { startedAt: nowMs, count: 0 };
      this.windows.set(ip, window);
      this.evictOldest();
    }
    window.count += 1;
    if (window.count <= this.maxPerWindow) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + this.windowMs - nowMs) / 1000)),
    };
  }

  private evictOldest(): void {
    while (this.windows.size > this.maxClients) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) return;
      this.windows.delete(oldest);
    }
  }
}
