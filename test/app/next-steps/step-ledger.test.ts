import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alertHistoryOf, alertHistoryWith } from '../../../src/app/next-steps/alert-history';
import { LifecycleLedger } from '../../../src/app/next-steps/lifecycle-ledger';
import { StepLedger } from '../../../src/app/next-steps/step-ledger';
import type { AuditEntry } from '../../../src/audit/audit-entry';
import { AuditLog, auditFilePath } from '../../../src/audit/audit-log';
import type { AlertChange, AlertChangeAction } from '../../../src/store/alert-change';
import { AlertRegister, type AlertRecord } from '../../../src/store/alert-register';
import { buildFixtureHistory } from '../../fixtures/next-steps/build-history';

const ana = { id: 'ana@corp.com', name: 'Ana', role: 'analyst' };

/**
 * The steps per alert as socbot computed them before the ledger, from the whole trail at once
 * (alert-history.ts at 9832259), kept as the oracle the ledger must agree with.
 */
function stepsFromWholeTrail(entries: readonly AuditEntry[]): Map<string, string[]> {
  const SKILL_OF_CHANGE: Record<AlertChangeAction, string> = {
    lead: 'take-alert',
    note: 'note-alert',
    contain: 'contain-alert',
    close: 'close-alert',
    reopen: 'reopen-alert',
  };
  const isSkillResult = (entry: AuditEntry): boolean =>
    entry.action === 'result' && typeof entry.details.skill === 'string';
  const requestOf = (entry: AuditEntry): unknown => entry.details.requestId;
  const skillRequests = new Set(entries.filter(isSkillResult).map(requestOf));
  const steps = new Map<string, string[]>();
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    let skill: string | undefined;
    const change = entry.details.change;
    if (isSkillResult(entry))
      skill = entry.result === 'refused' ? undefined : (entry.details.skill as string);
    else if (entry.action === 'command' && typeof change === 'string' && change in SKILL_OF_CHANGE) {
      skill = skillRequests.has(requestOf(entry)) ? undefined : SKILL_OF_CHANGE[change as AlertChangeAction];
    }
    const ref = entry.alertRef?.toLowerCase();
    if (ref && skill && skill !== 'register-alert' && skill !== 'lookup-alert') {
      steps.set(ref, [...(steps.get(ref) ?? []), skill]);
    }
  }
  return steps;
}

/** A pseudo-random generator with a seed: the same "random" trails every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** An audit entry as the trail holds it (hashes are not what the ledger reads). */
function entry(
  seq: number,
  fields: Pick<AuditEntry, 'action' | 'details'> & Partial<AuditEntry>,
): AuditEntry {
  return {
    seq,
    at: `2026-11-02T09:${String(seq).padStart(2, '0')}:00.000Z`,
    actor: ana,
    summary: 'x',
    prevHash: `h${seq - 1}`,
    hash: `h${seq}`,
    ...fields,
  };
}

describe('StepLedger: the steps read from the audit trail as it grows', () => {
  let dir: string;
  let records: AlertRecord[];
  let changes: AlertChange[];
  let entries: AuditEntry[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-step-ledger-'));
    await buildFixtureHistory(dir);
    const alerts = new AlertRegister(dir);
    [records, changes] = [await alerts.list(), await alerts.changes()];
    await alerts.close();
    entries = await new AuditLog(auditFilePath(dir)).entries();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The fixture register's history with the steps a ledger read. */
  const historyWith = (steps: StepLedger) => {
    const lifecycles = new LifecycleLedger([]);
    lifecycles.add(records, changes);
    return alertHistoryWith(lifecycles, steps);
  };

  it('gives the steps reading the whole trail gives, fed entry by entry or in any two batches', () => {
    const whole = alertHistoryOf(records, changes, [], entries);
    // As test/app/next-steps/suggest-next-steps.test.ts has it: a skill's change once, a card's change too.
    const stepsOf = (ref: string): string[] =>
      whole.find((alert) => alert.ref === ref)?.steps.map((step) => step.skill) ?? [];
    expect(stepsOf('SOC-2026-0001')).toEqual([
      'take-alert',
      'investigate-incident',
      'contain-alert',
      'close-alert',
    ]);
    expect(stepsOf('SOC-2026-0005')).toEqual(['investigate-incident', 'note-alert', 'close-alert']);
    const oneByOne = new StepLedger();
    for (const each of entries) oneByOne.add([each]);
    expect(historyWith(oneByOne)).toEqual(whole);
    for (let split = 0; split <= entries.length; split += 1) {
      const ledger = new StepLedger();
      ledger.add(entries.slice(0, split));
      ledger.add(entries.slice(split));
      expect(historyWith(ledger)).toEqual(whole);
    }
  });

  it('agrees with the whole-trail computation on random trails, fed in random batches', () => {
    const random = seeded(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const refs = ['SOC-2026-0001', 'soc-2026-0001', 'SOC-2026-0002', 'SOC-2026-0003'];
    const skills = ['take-alert', 'close-alert', 'investigate-incident', 'lookup-alert', 'note-alert'];
    const changes = ['lead', 'note', 'contain', 'close', 'reopen', 'unknown'];
    for (let trail = 0; trail < 200; trail += 1) {
      const entries: AuditEntry[] = [];
      for (let seq = 1; seq <= 40; seq += 1) {
        // Every writer gives a request id (AlertChange.requestId is required); some results come
        // before, some after, some never, the change of their request.
        const requestId = `r${Math.floor(random() * 12)}`;
        const alertRef = random() < 0.9 ? pick(refs) : undefined;
        const kind = random();
        entries.push(
          kind < 0.45
            ? entry(seq, {
                action: 'result',
                ...(alertRef ? { alertRef } : {}),
                ...(random() < 0.1 ? { result: 'refused' } : {}),
                details: { skill: pick(skills), requestId },
              })
            : kind < 0.9
              ? entry(seq, {
                  action: 'command',
                  ...(alertRef ? { alertRef } : {}),
                  details: { change: pick(changes), requestId },
                })
              : entry(seq, {
                  action: 'confirmation',
                  ...(alertRef ? { alertRef } : {}),
                  details: { requestId },
                }),
        );
      }
      const expected = stepsFromWholeTrail(entries);
      const ledger = new StepLedger();
      const tracked = ['SOC-2026-0001', 'SOC-2026-0002', 'SOC-2026-0003'];
      const stepsNow = (): string[] => tracked.map((ref) => JSON.stringify(ledger.stepsOf(ref)));
      for (let from = 0; from < entries.length;) {
        const size = 1 + Math.floor(random() * 6);
        const before = stepsNow();
        const changed = ledger.add(entries.slice(from, from + size));
        // Every alert whose steps the batch changed is reported (a take-back included).
        const after = stepsNow();
        tracked.forEach((ref, index) => {
          if (before[index] !== after[index]) expect(changed).toContain(ref.toLowerCase());
        });
        from += size;
      }
      for (const ref of ['SOC-2026-0001', 'SOC-2026-0002', 'SOC-2026-0003']) {
        expect(ledger.stepsOf(ref).map((step) => step.skill)).toEqual(expected.get(ref.toLowerCase()) ?? []);
      }
    }
  });

  it("counts a change as a button's step until its skill's result comes, then as the skill's, in order", () => {
    const ledger = new StepLedger();
    const ref = 'SOC-2026-0001';
    ledger.add([
      entry(1, { action: 'result', alertRef: ref, details: { skill: 'take-alert', requestId: 'r1' } }),
      entry(2, { action: 'command', alertRef: ref, details: { change: 'close', requestId: 'r2' } }),
    ]);
    expect(ledger.stepsOf(ref).map((step) => step.skill)).toEqual(['take-alert', 'close-alert']);
    ledger.add([
      entry(3, { action: 'command', alertRef: ref, details: { change: 'note', requestId: 'card-1' } }),
      entry(4, { action: 'result', alertRef: ref, details: { skill: 'close-alert', requestId: 'r2' } }),
    ]);
    // r2's change is close-alert's step (seq 4) now; the card's note (no result) stays a step.
    expect(ledger.stepsOf(ref).map((step) => step.skill)).toEqual([
      'take-alert',
      'note-alert',
      'close-alert',
    ]);
    expect(ledger.lastSeq).toBe(4);
  });

  it('counts a change audited without a request id as a step of its own, even beside results without one', () => {
    const ledger = new StepLedger();
    const ref = 'SOC-2026-0004';
    ledger.add([
      entry(1, { action: 'result', details: { skill: 'talk-to-basis' } }),
      entry(2, { action: 'command', alertRef: ref, details: { change: 'contain' } }),
    ]);
    // The whole-trail computation before took the request id "undefined" of entry 1 for entry 2's.
    expect(ledger.stepsOf(ref).map((step) => step.skill)).toEqual(['contain-alert']);
  });

  it('passes over malformed entries (an empty skill, an alert reference that is no text) and goes on', () => {
    const ledger = new StepLedger();
    const ref = 'SOC-2026-0005';
    ledger.add([
      entry(1, { action: 'result', alertRef: ref, details: { skill: '' } }),
      entry(2, { action: 'result', alertRef: 42 as unknown as string, details: { skill: 'take-alert' } }),
      entry(3, { action: 'result', alertRef: ref, details: { skill: 'take-alert' } }),
    ]);
    expect(ledger.stepsOf(ref).map((step) => step.skill)).toEqual(['take-alert']);
    expect(ledger.lastSeq).toBe(3);
  });

  it('skips entries it has, refused results, look-ups and entries naming no alert', () => {
    const ledger = new StepLedger();
    const ref = 'SOC-2026-0002';
    const batch = [
      entry(1, { action: 'result', alertRef: ref, details: { skill: 'lookup-alert', requestId: 'r1' } }),
      entry(2, { action: 'result', alertRef: ref, result: 'refused', details: { skill: 'close-alert' } }),
      entry(3, { action: 'result', details: { skill: 'talk-to-basis', requestId: 'r3' } }),
      entry(4, { action: 'result', alertRef: ref.toLowerCase(), details: { skill: 'contain-alert' } }),
    ];
    ledger.add(batch);
    ledger.add(batch);
    expect(ledger.stepsOf(ref)).toEqual([
      { skill: 'contain-alert', at: '2026-11-02T09:04:00.000Z', by: 'Ana' },
    ]);
  });
});
