import { IpRateLimiter } from '../../src/channels/basis-ack/ip-rate-limiter';

describe('IpRateLimiter', () => {
  it('allows the limit per IP per window, then says when to retry, then allows again', () => {
    const limiter = new IpRateLimiter(2, 60_000);
    expect(limiter.allow('10.0.0.1', 0)).toEqual({ allowed: true });
    expect(limiter.allow('10.0.0.1', 1000)).toEqual({ allowed: true });
    expect(limiter.allow('10.0.0.1', 20_000)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(limiter.allow('10.0.0.2', 20_000)).toEqual({ allowed: true });
    expect(limiter.allow('10.0.0.1', 60_000)).toEqual({ allowed: true });
  });

  it('forgets the oldest clients when its table is full', () => {
    const limiter = new IpRateLimiter(1, 60_000, 2);
    limiter.allow('a', 0);
    limiter.allow('b', 1);
    limiter.allow('c', 2);
    // 'a' was dropped, so it starts a fresh window.
    expect(limiter.allow('a', 3)).toEqual({ allowed: true });
    expect(limiter.allow('c', 4)).toMatchObject({ allowed: false });
  });
});
