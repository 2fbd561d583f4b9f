import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alertHistoryOf, alertHistoryWith } from '../../../src/app/next-steps/alert-history';
import { StepLedger } from '../../../src/app/next-steps/step-ledger';
import type { AuditEntry } from '../../../src/audit/audit-entry';
import { AuditLog, auditFilePath } from '../../../src/audit/audit-log';
import type { AlertChange } from '../../../src/store/alert-change';
import { AlertRegister, type AlertRecord } from '../../../src/store/alert-register';
import { buildFixtureHistory } from '../../fixtures/next-steps/build-history';

const ana = { id: 'ana@corp.com', name: 'Ana', role: 'analyst' };

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
    expect(alertHistoryWith(records, changes, [], oneByOne)).toEqual(whole);
    for (let split = 0; split <= entries.length; split += 1) {
      const ledger = new StepLedger();
      ledger.add(entries.slice(0, split));
      ledger.add(entries.slice(split));
      expect(alertHistoryWith(records, changes, [], ledger)).toEqual(whole);
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
