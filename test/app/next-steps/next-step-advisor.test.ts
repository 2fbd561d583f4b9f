import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNextStepAdvisor, type NextStepAdvisor } from '../../../src/app/next-steps/next-step-advisor';
import { AuditLog, auditFilePath } from '../../../src/audit/audit-log';
import { AlertRegister } from '../../../src/store/alert-register';
import { NextStepLog } from '../../../src/store/next-step-log';
import { loadSkillRegistry } from '../../../src/skills/skill-registry';
import type { Skill } from '../../../src/skills/types';
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
  let advisor: NextStepAdvisor;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-next-step-advisor-'));
    await buildFixtureHistory(dir);
    alerts = new AlertRegister(dir);
    trail = new AuditLog(auditFilePath(dir));
    skills = (await loadSkillRegistry()).skills;
    reads = [];
    advisor = createNextStepAdvisor({
      alerts,
      audit: {
        head: () => trail.head(),
        entriesAfter: async (seq) => {
          const entries = await trail.entriesAfter(seq);
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
});
