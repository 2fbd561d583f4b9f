import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import type { Actor } from '../../src/access/actor';
import { createAuthorizer } from '../../src/access/authorize';
import { exportAlertTimeline } from '../../src/audit/alert-timeline';
import { auditFilePath, AuditLog } from '../../src/audit/audit-log';
import { createAlertLifecycle, type AlertLifecycle } from '../../src/app/alert-lifecycle';
import { AlertRegister } from '../../src/store/alert-register';

const ANA: Actor = { id: 'ana-29', name: 'Ana' };
const BEN: Actor = { id: 'ben-29', name: 'Ben' };
const LEA: Actor = { id: 'lea-29', name: 'Lea' };
const BASIS: Actor = { id: 'basis-29', name: 'Basis' };

const facts = {
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  createdBy: 'siem',
  conversationId: '',
};

describe('the alert lifecycle service', () => {
  let dir: string;
  let alerts: AlertRegister;
  let audit: AuditLog;
  let lifecycle: AlertLifecycle;
  let turn = 0;
  const asked = (actor: Actor, ref: string) => ({ actor, ref, requestId: `turn-${++turn}` });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-lifecycle-service-'));
    alerts = new AlertRegister(dir, () => new Date('2026-03-01T10:00:00Z'));
    audit = new AuditLog(auditFilePath(dir));
    const access = createAuthorizer(
      accessConfigOf({ analyst: ['ana-29', 'ben-29'], lead: ['lea-29'], basis: ['basis-29'] }),
    );
    lifecycle = createAlertLifecycle({
      alerts,
      audit,
      authorize: access.authorize,
      rolesOf: access.rolesOf,
      leads: access.leads,
    });
    await alerts.add({ ...facts, alertId: '4711', priority: 'P2' });
    await alerts.add({ ...facts, alertId: '4712', priority: 'P4', system: 'QAS' });
    await alerts.add({ ...facts, alertId: '4711', priority: 'P1', system: 'QAS' });
  });
  afterEach(async () => {
    await alerts.close();
    await audit.close();
    await rm(dir, { recursive: true, force: true });
  });

  const auditEntries = async () =>
    (await readFile(audit.file, 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { action: string; summary: string; result?: string; alertRef?: string },
      );

  it('looks an alert up by reference, or by alert ID and system', async () => {
    expect(await lifecycle.lookup(ANA, 'soc-2026-0002')).toMatchObject({ alertId: '4712' });
    expect(await lifecycle.lookup(ANA, '4711', 'prd')).toMatchObject({ ref: 'SOC-2026-0001' });
    expect(await lifecycle.lookup(ANA, '4711')).toMatchObject({ ref: 'SOC-2026-0003' });
    expect(await lifecycle.lookup(ANA, '4711', 'DEV')).toBeUndefined();
    await expect(lifecycle.lookup(BASIS, 'SOC-2026-0001')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists what is open, mine, and P1/P2', async () => {
    await lifecycle.takeLead(asked(ANA, 'SOC-2026-0002'));
    await lifecycle.close(asked(ANA, 'SOC-2026-0002'), 'expected_activity');
    await lifecycle.takeLead(asked(ANA, 'SOC-2026-0003'));
    const refs = (list: Array<{ ref: string }>) => list.map((alert) => alert.ref);
    expect(refs(await lifecycle.list(ANA, 'open'))).toEqual(['SOC-2026-0001', 'SOC-2026-0003']);
    expect(refs(await lifecycle.list(ANA, 'mine'))).toEqual(['SOC-2026-0003']);
    expect(refs(await lifecycle.list(BEN, 'mine'))).toEqual([]);
    expect(refs(await lifecycle.list(LEA, 'urgent'))).toEqual(['SOC-2026-0001', 'SOC-2026-0003']);
  });

  it('lets an analyst take an unassigned alert, but only a lead assign others or take over', async () => {
    expect(await lifecycle.takeLead(asked(ANA, 'SOC-2026-0001'))).toMatchObject({
      status: 'investigating',
      lead: { id: 'ana-29', name: 'Ana' },
    });
    await expect(lifecycle.takeLead(asked(BEN, 'SOC-2026-0001'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('needs the lead role'),
    });
    await expect(lifecycle.assign(asked(ANA, 'SOC-2026-0002'), 'ben-29')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await lifecycle.assign(asked(LEA, 'SOC-2026-0001'), 'ben-29')).toMatchObject({
      lead: { id: 'ben-29', name: 'ben-29' },
    });
    await expect(lifecycle.note(asked(BASIS, 'SOC-2026-0001'), 'hello')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const refusals = (await auditEntries()).filter((entry) => entry.action === 'refusal');
    expect(refusals.map((entry) => entry.summary)).toEqual([
      'assign SOC-2026-0001 to Ben',
      'assign SOC-2026-0002 to ben-29',
      'note on SOC-2026-0001',
    ]);
    expect((await alerts.view('SOC-2026-0002'))?.lead).toBeNull();
  });

  it('lets an analyst close only an alert they lead, and only a lead reopen', async () => {
    await expect(lifecycle.close(asked(ANA, 'SOC-2026-0001'), 'false_positive')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Take the lead first'),
    });
    await lifecycle.takeLead(asked(BEN, 'SOC-2026-0001'));
    await expect(lifecycle.close(asked(ANA, 'SOC-2026-0001'), 'false_positive')).rejects.toMatchObject({
      message: expect.stringContaining('Ben leads this one'),
    });
    await lifecycle.contain(asked(BEN, 'SOC-2026-0001'));
    expect(await lifecycle.close(asked(BEN, 'SOC-2026-0001'), 'true_positive')).toMatchObject({
      status: 'closed',
      classification: 'true_positive',
    });
    await expect(lifecycle.reopen(asked(BEN, 'SOC-2026-0001'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await lifecycle.reopen(asked(LEA, 'SOC-2026-0001'))).toMatchObject({
      status: 'investigating',
      classification: null,
    });
    // A SOC lead closes any alert, led by anyone.
    expect(await lifecycle.close(asked(LEA, 'SOC-2026-0001'), 'confirmed_activity')).toMatchObject({
      classification: 'confirmed_activity',
    });
  });

  it('foresees a refusal with the reason the change gives, writing and auditing nothing', async () => {
    await lifecycle.takeLead(asked(BEN, 'SOC-2026-0001'));
    const before = await auditEntries();
    const closing = await lifecycle.changeRefusal(ANA, 'SOC-2026-0001', 'close');
    expect(closing).toBe(
      'An analyst closes only an alert they lead; Ben leads this one. Ask them or a SOC lead.',
    );
    expect(await lifecycle.changeRefusal(ANA, 'SOC-2026-0001', 'take')).toContain(
      'Assigning an alert to someone else needs the lead role',
    );
    expect(await lifecycle.changeRefusal(ANA, 'SOC-2026-0001', 'reopen')).toContain(
      'Reopening a closed alert needs the lead role',
    );
    expect(await lifecycle.changeRefusal(BEN, 'SOC-2026-0001', 'close')).toBeUndefined();
    expect(await lifecycle.changeRefusal(LEA, 'SOC-2026-0001', 'close')).toBeUndefined();
    expect(await lifecycle.changeRefusal(ANA, 'SOC-2026-0002', 'take')).toBeUndefined();
    expect(await lifecycle.changeRefusal(ANA, 'SOC-2026-0099', 'close')).toBeUndefined();
    expect(await auditEntries()).toEqual(before);
    expect((await alerts.view('SOC-2026-0002'))?.lead).toBeNull();
    // The change itself refuses with the same sentence.
    await expect(lifecycle.close(asked(ANA, 'SOC-2026-0001'), 'true_positive')).rejects.toThrow(closing);
  });

  it('audits each change once, also when the same request comes again, and the timeline shows it', async () => {
    const take = asked(ANA, 'SOC-2026-0001');
    await lifecycle.takeLead(take);
    await lifecycle.takeLead(take);
    await lifecycle.note(asked(ANA, 'SOC-2026-0001'), 'user confirms a test');
    await lifecycle.close(asked(ANA, 'SOC-2026-0001'), 'false_positive');
    const commands = (await auditEntries()).filter((entry) => entry.action === 'command');
    expect(commands.map((entry) => [entry.summary, entry.result, entry.alertRef])).toEqual([
      ['assign SOC-2026-0001 to Ana', 'registered → investigating', 'SOC-2026-0001'],
      ['note on SOC-2026-0001', 'investigating → investigating', 'SOC-2026-0001'],
      ['close SOC-2026-0001 as false_positive', 'investigating → closed', 'SOC-2026-0001'],
    ]);
    const timeline = await exportAlertTimeline(audit, 'SOC-2026-0001');
    expect(timeline).toContain(
      '| Ana (analyst) | close SOC-2026-0001 as false_positive | investigating → closed |',
    );
    expect(timeline).toContain('3 entries.');
  });

  it('audits a change whose entry a crash lost when its request comes again, once', async () => {
    // The register's line was written, then socbot died before the audit entry.
    await alerts.change({
      ref: 'SOC-2026-0001',
      action: 'lead',
      lead: 'ana-29',
      leadName: 'Ana',
      by: 'Ana',
      requestId: 'turn-x',
    });
    const replay = { actor: ANA, ref: 'SOC-2026-0001', requestId: 'turn-x' };
    expect(await lifecycle.takeLead(replay)).toMatchObject({
      lead: { id: 'ana-29', name: 'Ana' },
      status: 'investigating',
    });
    await lifecycle.takeLead(replay);
    const commands = (await auditEntries()).filter((entry) => entry.action === 'command');
    expect(commands).toEqual([
      expect.objectContaining({
        summary: 'assign SOC-2026-0001 to Ana',
        result: 'registered → investigating',
        details: expect.objectContaining({ requestId: 'turn-x', recovered: true }),
      }),
    ]);
  });

  describe('the lead is a person, by identity, not a display name', () => {
    // Two analysts called Maria Rossi: different people, the same name.
    const MARIA: Actor = { id: '29:maria-one', name: 'Maria Rossi', email: 'Maria.Rossi@corp.com' };
    const OTHER_MARIA: Actor = { id: '29:maria-two', name: 'Maria Rossi' };

    beforeEach(() => {
      const access = createAuthorizer(
        accessConfigOf({ analyst: ['maria.rossi@corp.com', '29:maria-two'], lead: ['lea-29'] }),
      );
      lifecycle = createAlertLifecycle({
        alerts,
        audit,
        authorize: access.authorize,
        rolesOf: access.rolesOf,
        leads: access.leads,
      });
    });

    it('keeps the identity the role configuration knows the lead by, and the name to show', async () => {
      expect(await lifecycle.takeLead(asked(MARIA, 'SOC-2026-0001'))).toMatchObject({
        lead: { id: 'maria.rossi@corp.com', name: 'Maria Rossi' },
      });
    });

    it('does not let the other Maria Rossi close the alert or see it as "mine"', async () => {
      await lifecycle.takeLead(asked(MARIA, 'SOC-2026-0001'));
      expect((await lifecycle.list(MARIA, 'mine')).map((alert) => alert.ref)).toEqual(['SOC-2026-0001']);
      expect(await lifecycle.list(OTHER_MARIA, 'mine')).toEqual([]);
      await expect(
        lifecycle.close(asked(OTHER_MARIA, 'SOC-2026-0001'), 'false_positive'),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('Maria Rossi leads this one'),
      });
      // Nor take it over as if it were already hers: that is handing work over, a lead's decision.
      await expect(lifecycle.takeLead(asked(OTHER_MARIA, 'SOC-2026-0001'))).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect((await alerts.view('SOC-2026-0001'))?.status).toBe('investigating');
    });

    it('assigns by identity from the role configuration, and refuses a display name saying how to name them', async () => {
      await expect(lifecycle.assign(asked(LEA, 'SOC-2026-0001'), 'Maria Rossi')).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        message: expect.stringContaining('SOCBOT_ROLES'),
      });
      // Known, but without the analyst or lead role: not someone to lead an alert.
      await expect(lifecycle.assign(asked(LEA, 'SOC-2026-0001'), 'basis-29')).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
      expect(await lifecycle.assign(asked(LEA, 'SOC-2026-0001'), 'MARIA.ROSSI@corp.com')).toMatchObject({
        lead: { id: 'maria.rossi@corp.com' },
      });
      expect((await lifecycle.list(MARIA, 'mine')).map((alert) => alert.ref)).toEqual(['SOC-2026-0001']);
      expect(await lifecycle.close(asked(MARIA, 'SOC-2026-0001'), 'true_positive')).toMatchObject({
        status: 'closed',
      });
    });

    it('says why a person cannot lead an alert, as assign refuses them, and changes nothing', async () => {
      const unknown = lifecycle.assigneeProblem('bob')?.reason;
      expect(unknown).toContain('"bob" is not an analyst or SOC lead socbot knows');
      expect(lifecycle.assigneeProblem('bob')?.anyoneAssignable).toBe(true);
      await expect(lifecycle.assign(asked(LEA, 'SOC-2026-0001'), 'bob')).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        message: unknown,
      });
      expect(lifecycle.assigneeProblem('Maria Rossi')?.reason).toContain('display names are not unique');
      // A single letter is no first name: it lists nobody's e-mail.
      expect(lifecycle.assigneeProblem('m')?.reason).not.toContain('maria.rossi@corp.com');
      expect(lifecycle.assigneeProblem('Maria')).toBeUndefined();
      expect(lifecycle.assigneeProblem('MARIA.ROSSI@corp.com')).toBeUndefined();
      expect(lifecycle.assigneeProblem('29:maria-two')).toBeUndefined();
      expect(lifecycle.assigneeProblem('lea-29')).toBeUndefined();
      expect((await alerts.view('SOC-2026-0001'))?.lead).toBeNull();
    });

    it('with no roles configured knows nobody to assign, and says so instead of how to name them', async () => {
      const open = createAuthorizer(accessConfigOf({}));
      const local: Actor = { id: 'local', name: 'You', local: true };
      lifecycle = createAlertLifecycle({
        alerts,
        audit,
        authorize: open.authorize,
        rolesOf: open.rolesOf,
        leads: open.leads,
      });
      const { reason: problem, anyoneAssignable } = lifecycle.assigneeProblem('local') ?? {};
      expect(anyoneAssignable).toBe(false);
      expect(problem).toContain(
        'socbot has no roles configured yet, so it knows nobody to assign an alert to',
      );
      await expect(lifecycle.assign(asked(local, 'SOC-2026-0001'), 'local')).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        message: problem,
      });
      expect(await lifecycle.takeLead(asked(local, 'SOC-2026-0001'))).toMatchObject({
        lead: { id: 'local', name: 'You' },
      });
    });

    it("reads a lead recorded by name only: shown, but nobody's until someone takes it again", async () => {
      // A line as the first lifecycle version wrote it: the lead is a display name, no identity.
      await alerts.change({
        ref: 'SOC-2026-0001',
        action: 'lead',
        lead: 'Maria Rossi',
        by: 'Maria Rossi',
        requestId: 'old',
      });
      expect(await lifecycle.lookup(MARIA, 'SOC-2026-0001')).toMatchObject({
        lead: { id: null, name: 'Maria Rossi' },
      });
      expect(await lifecycle.list(MARIA, 'mine')).toEqual([]);
      await expect(lifecycle.close(asked(MARIA, 'SOC-2026-0001'), 'false_positive')).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('Take the lead again'),
      });
      // A SOC lead closes it.
      expect(await lifecycle.close(asked(LEA, 'SOC-2026-0001'), 'false_positive')).toMatchObject({
        status: 'closed',
      });
      // Or an analyst takes the lead again (nobody's identity to take it from), then closes it.
      await alerts.change({
        ref: 'SOC-2026-0002',
        action: 'lead',
        lead: 'Maria Rossi',
        by: 'Maria Rossi',
        requestId: 'old-2',
      });
      expect(await lifecycle.takeLead(asked(MARIA, 'SOC-2026-0002'))).toMatchObject({
        lead: { id: 'maria.rossi@corp.com', name: 'Maria Rossi' },
      });
      expect(await lifecycle.close(asked(MARIA, 'SOC-2026-0002'), 'true_positive')).toMatchObject({
        status: 'closed',
      });
    });
  });

  it('refuses an unknown reference and a change the status does not allow, saying what is possible', async () => {
    await expect(lifecycle.contain(asked(LEA, 'SOC-2026-0099'))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(lifecycle.reopen(asked(LEA, 'SOC-2026-0001'))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('Possible now: lead, note, contain, close'),
    });
  });
});
