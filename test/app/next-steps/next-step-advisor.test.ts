import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNextStepAdvisor, type NextStepAdvisor } from '../../../src/app/next-steps/next-step-advisor';
import { SimilarAlerts } from '../../../src/app/next-steps/similar-alerts';
import { AuditLog, auditFilePath } from '../../../src/audit/audit-log';
import { AlertRegister } from '../../../src/store/alert-register';
import { NextStepLog } from '../../../src/store/next-step-log';
import { loadSkillRegistry } from '../../../src/skills/skill-registry';
import type { Skill } from '../../../src/skills/types';
import type { AuditEntry } from '../../../src/audit/audit-entry';
import { buildFixtureHistory } from '../../fixtures/next-steps/build-history';

/**
 * The advisor follows the audit trail: each offer reads only the entries appended since the last
 * one (the whole trail grows with every command a SOC ever ran), and starts over on a replaced trail.
 */
describe('the next-step advisor reading the audit trail as it grows', () => {
  let dir: string;
  let alerts: AlertRegister;
  let trail: AuditLog;
  let skills: readonly Skill[];
  /** Each read of the trail: the seq asked after, and how many entries came back. */
  let reads: Array<[after: number, got: number]>;
  /** Each reading of the register: from the start or not, and how many records and changes it found. */
  let readings: Array<[fromStart: boolean, found: number]>;
  /** Rows every read returns besides the trail's, last (as PostgreSQL sorts a foreign high seq). */
  let foreign: AuditEntry[];
  /** While set, the register's readings, and the trail's reads from the start, wait for it. */
  let registerGate: Promise<void> | undefined;
  let fromStartGate: Promise<void> | undefined;
  let advisor: NextStepAdvisor;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-next-step-advisor-'));
    await buildFixtureHistory(dir);
    alerts = new AlertRegister(dir);
    trail = new AuditLog(auditFilePath(dir));
    skills = (await loadSkillRegistry()).skills;
    reads = [];
    readings = [];
    foreign = [];
    registerGate = undefined;
    fromStartGate = undefined;
    advisor = createNextStepAdvisor({
      alerts: {
        readOn: async (cursor) => {
          await registerGate;
          const reading = await alerts.readOn(cursor);
          readings.push([reading.fromStart, reading.records.length + reading.changes.length]);
          return reading;
        },
      },
      audit: {
        head: () => trail.head(),
        entriesAfter: async (seq) => {
          if (seq === 0) await fromStartGate;
          const entries = [...(await trail.entriesAfter(seq)), ...foreign];
          reads.push([seq, entries.length]);
          return entries;
        },
      },
      vipUsers: [],
      log: new NextStepLog(dir),
    });
  });
  afterEach(async () => {
    await alerts.close();
    await trail.close();
    await rm(dir, { recursive: true, force: true });
  });

  const offered = async (ref: string): Promise<string[]> =>
    (await advisor.offer(ref, { id: 'ana@corp.com', skills, mayUse: async () => true })).map(
      (step) => step.skill,
    );

  it('reads the trail once, then only what was appended, and counts the new step', async () => {
    // SOC-2026-0008 has been taken: similar alerts went on to investigate.
    expect((await offered('SOC-2026-0008'))[0]).toBe('investigate-incident');
    const [[after, whole] = [-1, 0]] = reads;
    expect(after).toBe(0);
    expect(whole).toBeGreaterThan(30);
    expect(await offered('SOC-2026-0001')).toContain('reopen-alert'); // closed
    expect(reads).toHaveLength(1); // the trail did not move: no read
    // A turn of this process investigates 0008 (Ben).
    await trail.append({
      actor: { id: 'ben@corp.com', name: 'Ben', role: 'analyst' },
      action: 'result',
      summary: 'investigate-incident',
      result: 'done: SOC-2026-0008',
      alertRef: 'SOC-2026-0008',
      details: { skill: 'investigate-incident', requestId: 'turn-99' },
    });
    expect(await offered('SOC-2026-0008')).not.toContain('investigate-incident'); // done once: not again
    expect(reads.slice(1)).toEqual([[whole, 1]]);
  });

  it('starts over from the first entry when the trail was replaced', async () => {
    expect(await offered('SOC-2026-0008')).toContain('investigate-incident');
    await trail.append({
      actor: { id: 'ben@corp.com' },
      action: 'result',
      summary: 'investigate-incident',
      alertRef: 'SOC-2026-0008',
      details: { skill: 'investigate-incident' },
    });
    expect(await offered('SOC-2026-0008')).not.toContain('investigate-incident');
    // Moved aside (as STORAGE_CORRUPT's remedy says) and begun anew: the steps on record are gone.
    await trail.close();
    await rename(auditFilePath(dir), `${auditFilePath(dir)}.broken`);
    await trail.append({ actor: { id: 'system' }, action: 'command', summary: 'a new trail' });
    expect(await offered('SOC-2026-0008')).toContain('investigate-incident');
    expect(reads.at(-1)).toEqual([0, 1]);
  });

  /** A turn of this process investigates SOC-2026-0008 (Ben): a step the model then counts as done. */
  const investigate = (): Promise<AuditEntry> =>
    trail.append({
      actor: { id: 'ben@corp.com', name: 'Ben', role: 'analyst' },
      action: 'result',
      summary: 'investigate-incident',
      result: 'done: SOC-2026-0008',
      alertRef: 'SOC-2026-0008',
      details: { skill: 'investigate-incident', requestId: `turn-${Math.random()}` },
    });

  /** The trail moved aside and a new one begun with `count` entries that name no alert. */
  async function replaceTrail(count: number): Promise<void> {
    await trail.close();
    await rename(auditFilePath(dir), `${auditFilePath(dir)}.broken`);
    for (let i = 0; i < count; i += 1) {
      await trail.append({ actor: { id: 'system' }, action: 'command', summary: `new trail ${i}` });
    }
  }

  it('starts over when a longer trail replaced it (its next entry does not chain on)', async () => {
    await investigate();
    expect(await offered('SOC-2026-0008')).not.toContain('investigate-incident');
    const read = reads[0]?.[1] ?? 0; // the whole trail's entries, investigation included
    await replaceTrail(read + 10);
    expect(await offered('SOC-2026-0008')).toContain('investigate-incident');
    expect(reads.slice(1)).toEqual([
      [read, 10],
      [0, read + 10],
    ]);
  });

  it('passes over a row that does not chain on (a foreign high seq) and still reads on', async () => {
    foreign = [
      {
        ...((await trail.entriesAfter(0))[0] as AuditEntry),
        seq: 1_000_000,
        prevHash: 'not-this-chain',
        alertRef: 'SOC-2026-0008',
        details: { skill: 'contain-alert', requestId: 'forged' },
        action: 'result',
      },
    ];
    await offered('SOC-2026-0008');
    await investigate();
    expect(await offered('SOC-2026-0008')).not.toContain('investigate-incident');
    expect(await offered('SOC-2026-0008')).toContain('contain-alert');
    // After the first read, only what came after the chain's end: never the whole trail again.
    const firstRead = reads[0]?.[1] ?? 0; // the trail's entries and the foreign row
    expect(reads.slice(1).map(([after]) => after)).toEqual([firstRead - 1]);
  });

  it('gives an offer under way the steps it read while another offer reads a replaced trail anew', async () => {
    await investigate();
    await offered('SOC-2026-0008');
    let openList = (): void => undefined;
    registerGate = new Promise((resolve) => (openList = resolve));
    const first = offered('SOC-2026-0008'); // its read of the trail is done; it waits for the register
    await new Promise((resolve) => setImmediate(resolve));
    let openFromStart = (): void => undefined;
    fromStartGate = new Promise((resolve) => (openFromStart = resolve));
    await replaceTrail(3);
    const second = offered('SOC-2026-0008'); // reads the new trail from its start
    await new Promise((resolve) => setImmediate(resolve));
    openList();
    expect(await first).not.toContain('investigate-incident');
    openFromStart();
    expect(await second).toContain('investigate-incident');
  });

  it("counts another alert's close and reopen in the next offer, reading only that change", async () => {
    const fresh = await alerts.add({
      alertId: '4799',
      terminal: 'PC-99',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'siem',
      conversationId: 'soc',
      title: 'Debugging in production',
    });
    const firstStep = async (): Promise<string | undefined> =>
      (await advisor.offer(fresh.ref, { id: 'ana@corp.com', skills, mayUse: async () => true })).find(
        (step) => step.skill === 'take-alert',
      )?.because;
    const technicalOnPrd =
      "similar alerts on PRD with pattern 'Debugging in production' and a technical user";
    // 0001-0003 are the closed alerts of its kind, and each was taken first.
    expect(await firstStep()).toBe(`analysts did this first in 3 of 3 ${technicalOnPrd}`);
    // 0008 (same kind, taken first) is closed by a turn: it counts from the next offer on.
    await alerts.change({
      ref: 'SOC-2026-0008',
      action: 'close',
      classification: 'true_positive',
      by: 'Ana',
      requestId: 'turn-c',
    });
    expect(await firstStep()).toBe(`analysts did this first in 4 of 4 ${technicalOnPrd}`);
    await alerts.change({ ref: 'SOC-2026-0008', action: 'reopen', by: 'Ana', requestId: 'turn-r' });
    expect(await firstStep()).toBe(`analysts did this first in 3 of 3 ${technicalOnPrd}`);
    expect(readings.slice(1)).toEqual([
      [false, 1],
      [false, 1],
    ]);
  });

  it('puts anew only the alerts a read changed, not the whole history', async () => {
    const puts = jest.spyOn(SimilarAlerts.prototype, 'put');
    try {
      await offered('SOC-2026-0008');
      expect(puts.mock.calls.length).toBe(9); // the fixture's 9 alerts, once
      puts.mockClear();
      await alerts.change({ ref: 'SOC-2026-0007', action: 'reopen', by: 'Ben', requestId: 'turn-r7' });
      await investigate();
      await offered('SOC-2026-0008');
      expect(puts.mock.calls.map(([alert]) => alert.ref).sort()).toEqual(['SOC-2026-0007', 'SOC-2026-0008']);
    } finally {
      puts.mockRestore();
    }
  });

  it('reads the register once, then only what was registered and changed since', async () => {
    expect(await offered('SOC-2026-0008')).toContain('close-alert');
    expect(await offered('SOC-2026-0008')).toContain('close-alert');
    const [[fromStart, whole] = [false, 0], ...after] = readings;
    expect(fromStart).toBe(true);
    expect(whole).toBeGreaterThan(20); // 9 alerts and their changes
    expect(after).toEqual([[false, 0]]);
    // Closed by a turn (the register's own change): the next offer folds that one line.
    await alerts.change({
      ref: 'SOC-2026-0008',
      action: 'close',
      classification: 'true_positive',
      by: 'Ana',
      requestId: 'turn-close',
    });
    expect(await offered('SOC-2026-0008')).not.toContain('close-alert');
    expect(readings.at(-1)).toEqual([false, 1]);
  });
});
