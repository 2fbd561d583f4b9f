import { decideRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../src/outbox/retry-policy';

const policy: RetryPolicy = {
  maxAttempts: 5,
  maxAgeMs: 60_000,
  minDelayMs: 100,
  maxDelayMs: 1000,
  factor: 3,
  jitter: false,
};

describe('decideRetry', () => {
  it.each([
    [1, 100],
    [2, 300],
    [3, 900],
    [4, 1000], // capped at maxDelayMs
  ])('after attempt %i waits %i ms without jitter', (attempts, delayMs) => {
    expect(decideRetry({ attempts, ageMs: 0 }, policy)).toEqual({ retry: true, delayMs });
  });

  it('spreads delays between 1x and 2x with jitter', () => {
    const delays = Array.from({ length: 200 }, () => {
      const decision = decideRetry({ attempts: 2, ageMs: 0 }, { ...policy, jitter: true });
      return decision.retry ? decision.delayMs : -1;
    });
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...delays)).toBeLessThanOrEqual(600);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });

  it('takes a Retry-After over the computed delay, even past maxDelayMs', () => {
    expect(decideRetry({ attempts: 1, ageMs: 0 }, policy, 5000)).toEqual({ retry: true, delayMs: 5000 });
  });

  it('gives up at maxAttempts and when the next attempt would exceed maxAgeMs', () => {
    expect(decideRetry({ attempts: 5, ageMs: 0 }, policy)).toEqual({
      retry: false,
      reason: 'after 5 attempts',
    });
    expect(decideRetry({ attempts: 1, ageMs: 59_950 }, policy)).toMatchObject({ retry: false });
    expect(decideRetry({ attempts: 1, ageMs: 0 }, policy, 120_000)).toMatchObject({ retry: false });
  });

  it('keeps production defaults that give up within a day', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(6);
    expect(DEFAULT_RETRY_POLICY.maxAgeMs).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
  });
});
