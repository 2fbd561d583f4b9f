import type { AuditRecord } from '../../src/audit/audit-entry';
import type {
  RegisteredSiemAlert,
  SiemAlertFacts,
  SiemAlertPost,
  SiemIntakeDeps,
} from '../../src/channels/siem-intake/siem-intake-deps';

/** SiemIntakeDeps in memory, recording every call, with a register that honours the idempotency key. */
export interface FakeSiemIntakeDeps extends SiemIntakeDeps {
  registered: Array<{ facts: SiemAlertFacts; idempotencyKey: string; answer: RegisteredSiemAlert }>;
  posts: SiemAlertPost[];
  audits: AuditRecord[];
  /** Makes the next registerAlert call fail once. */
  failNextRegistration(): void;
}

export function fakeSiemIntakeDeps(): FakeSiemIntakeDeps {
  const refsByKey = new Map<string, string>();
  let failNext = false;
  const deps: FakeSiemIntakeDeps = {
    registered: [],
    posts: [],
    audits: [],
    failNextRegistration: () => {
      failNext = true;
    },
    async registerAlert(facts, meta) {
      if (failNext) {
        failNext = false;
        throw new Error('register unavailable');
      }
      const earlier = refsByKey.get(meta.idempotencyKey);
      const ref = earlier ?? `SOC-2026-${String(refsByKey.size + 1).padStart(4, '0')}`;
      refsByKey.set(meta.idempotencyKey, ref);
      const answer = { ref, created: earlier === undefined };
      deps.registered.push({ facts, idempotencyKey: meta.idempotencyKey, answer });
      return answer;
    },
    async postAlertToSoc(post) {
      deps.posts.push(post);
    },
    async audit(entry) {
      deps.audits.push(entry);
    },
  };
  return deps;
}
