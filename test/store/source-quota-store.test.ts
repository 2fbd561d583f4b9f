import { tokenBucketQuota } from '../../src/integrations/enrichment/source-quota';
import { pgSourceQuotas } from '../../src/store/postgres/pg-source-quota';
import { openTestPool, twoReplicaPools } from '../helpers/postgres';
import { describeSourceQuotaContract } from './contracts/source-quota-contract';

describeSourceQuotaContract('token bucket in this process', async () => ({
  quotas: tokenBucketQuota,
  close: async () => undefined,
}));

describeSourceQuotaContract('PostgreSQL', async (now) => {
  const { db, close } = await openTestPool();
  return { quotas: pgSourceQuotas(db, now), close };
});

describe('pgSourceQuotas shared by two replicas (two pools on one database)', () => {
  const replicas = twoReplicaPools();
  let time = Date.UTC(2026, 11, 6, 12, 0, 0);
  beforeEach(() => {
    time = Date.UTC(2026, 11, 6, 12, 0, 0);
  });

  it('lets both replicas together make ratePerMinute calls a minute, not twice that', async () => {
    const replicaA = pgSourceQuotas(replicas.a, () => time)('virustotal', 4);
    const replicaB = pgSourceQuotas(replicas.b, () => time)('virustotal', 4);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? replicaA : replicaB).take()),
    );
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(4);
    // The next minute opens a new window for both.
    time += 60_000;
    expect(await replicaB.take()).toEqual({ allowed: true });
    // A replica whose clock is a minute behind counts into the newer window, not a fresh old one.
    time -= 60_000;
    for (let i = 0; i < 3; i += 1) expect(await replicaA.take()).toEqual({ allowed: true });
    expect((await replicaA.take()).allowed).toBe(false);
  });

  it('answers "not now" instead of calling when the database is away', async () => {
    const quota = pgSourceQuotas(replicas.a, () => time)('virustotal', 4);
    await replicas.a.close();
    expect(await quota.take()).toEqual({ allowed: false, retryAfterMs: 5000 });
  });
});
