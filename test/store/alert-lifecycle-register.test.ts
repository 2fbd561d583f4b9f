import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditFilePath, AuditLog } from '../../src/audit/audit-log';
import { ticketJob } from '../../src/jobs/ticket-job';
import { Outbox } from '../../src/outbox/outbox';
import { alertRefWitnesses } from '../../src/store/alert-ref-witnesses';
import { ALERTS_FILE_NAME, AlertRegister, type AlertRecord } from '../../src/store/alert-register';
import { BasisRequestLog } from '../../src/store/basis-request-log';

const facts = {
  alertId: '4711',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'c1',
};

/** An alert line as every socbot before change lines wrote it. */
function oldRecord(ref: string, alertId: string): AlertRecord {
  return { ...facts, alertId, ref, status: 'registered', createdAt: '2026-03-01T09:00:00.000Z' };
}

const line = (entry: object): string => `${JSON.stringify(entry)}\n`;

describe('the alert lifecycle in the register', () => {
  let dir: string;
  let file: string;
  let clock: Date;
  const opened: AlertRegister[] = [];
  const registerIn = (): AlertRegister => {
    const register = new AlertRegister(dir, () => clock);
    opened.push(register);
    return register;
  };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alert-lifecycle-'));
    file = path.join(dir, ALERTS_FILE_NAME);
    clock = new Date('2026-03-01T10:00:00Z');
  });
  afterEach(async () => {
    for (const register of opened.splice(0)) await register.close();
    await rm(dir, { recursive: true, force: true });
  });

  const linesOf = async (): Promise<Array<Record<string, unknown>>> =>
    (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text) as Record<string, unknown>);

  it('reads a register of an earlier socbot (no change lines) as registered, unclassified, without a lead', async () => {
    await writeFile(
      file,
      line(oldRecord('SOC-2026-0001', '4711')) + line(oldRecord('SOC-2026-0002', '4712')),
    );
    const views = await registerIn().views();
    expect(views).toHaveLength(2);
    for (const view of views) {
      expect(view).toMatchObject({
        status: 'registered',
        classification: null,
        lead: null,
        notes: [],
        updatedAt: null,
      });
    }
    expect(views[1]).toMatchObject({ ref: 'SOC-2026-0002', alertId: '4712', system: 'PRD' });
  });

  const MARIA = { id: 'maria@corp.com', name: 'Maria' };

  it('appends one line per change (who, when, from, to, request id) and folds them into the alert, also after a restart', async () => {
    const register = registerIn();
    const { ref } = await register.add(facts);
    clock = new Date('2026-03-01T10:05:00Z');
    expect(
      await register.change({
        ref,
        action: 'lead',
        lead: 'maria@corp.com',
        leadName: 'Maria',
        by: 'Ben',
        requestId: 'r1',
      }),
    ).toMatchObject({ made: true, lifecycle: { status: 'investigating', lead: MARIA } });
    await register.change({
      ref,
      action: 'note',
      note: 'user says it was a test',
      by: 'Maria',
      requestId: 'r2',
    });
    await register.change({ ref, action: 'contain', by: 'Maria', requestId: 'r3' });
    clock = new Date('2026-03-01T11:00:00Z');
    await register.change({
      ref,
      action: 'close',
      classification: 'false_positive',
      by: 'Maria',
      requestId: 'r4',
    });

    const lines = await linesOf();
    expect(lines).toHaveLength(5);
    expect(lines[1]).toEqual({
      change: ref,
      action: 'lead',
      lead: 'maria@corp.com',
      leadName: 'Maria',
      by: 'Ben',
      requestId: 'r1',
      from: 'registered',
      to: 'investigating',
      at: '2026-03-01T10:05:00.000Z',
    });
    expect(lines.slice(2).map((entry) => [entry.from, entry.to])).toEqual([
      ['investigating', 'investigating'],
      ['investigating', 'contained'],
      ['contained', 'closed'],
    ]);

    const expected = {
      ref,
      status: 'closed',
      classification: 'false_positive',
      lead: MARIA,
      notes: [{ by: 'Maria', at: '2026-03-01T10:05:00.000Z', text: 'user says it was a test' }],
      updatedAt: '2026-03-01T11:00:00.000Z',
    };
    expect(await register.view(ref)).toMatchObject(expected);
    await register.close();
    expect(await registerIn().view('4711')).toMatchObject(expected);

    const { lifecycle: reopened } = await registerIn().change({
      ref,
      action: 'reopen',
      by: 'Ben',
      requestId: 'r5',
    });
    expect(reopened).toMatchObject({ status: 'investigating', classification: null, lead: MARIA });
  });

  it('refuses a change the status does not allow, saying what is possible, and writes nothing', async () => {
    const register = registerIn();
    const { ref } = await register.add(facts);
    const before = await readFile(file, 'utf8');
    await expect(register.change({ ref, action: 'reopen', by: 'Ben', requestId: 'a' })).rejects.toMatchObject(
      {
        code: 'INPUT_INVALID',
        message: expect.stringContaining('Possible now: lead, note, contain, close'),
      },
    );
    await expect(register.change({ ref, action: 'close', by: 'Ben', requestId: 'b' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(
        'true_positive, false_positive, expected_activity, confirmed_activity',
      ),
    });
    await expect(
      register.change({ ref: 'SOC-2026-0099', action: 'contain', by: 'Ben', requestId: 'c' }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining('socbot alerts') });
    expect(await readFile(file, 'utf8')).toBe(before);

    await register.change({
      ref,
      action: 'close',
      classification: 'expected_activity',
      by: 'Ben',
      requestId: 'd',
    });
    await expect(
      register.change({ ref, action: 'contain', by: 'Ben', requestId: 'e' }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(`${ref} is closed`),
    });
    await expect(
      register.change({ ref, action: 'lead', lead: 'Ben', by: 'Ben', requestId: 'f' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('Possible now: note, reopen') });
  });

  it('makes a change once per request id, also after a restart (a Confirm clicked twice)', async () => {
    const register = registerIn();
    const { ref } = await register.add(facts);
    await register.change({
      ref,
      action: 'close',
      classification: 'true_positive',
      by: 'Ben',
      requestId: 'same',
    });
    // Again: no second line, and no refusal although a closed alert cannot be closed.
    expect(
      await register.change({
        ref,
        action: 'close',
        classification: 'true_positive',
        by: 'Ben',
        requestId: 'same',
      }),
    ).toMatchObject({ made: false, lifecycle: { status: 'closed', classification: 'true_positive' } });
    await register.close();
    await registerIn().change({
      ref,
      action: 'close',
      classification: 'true_positive',
      by: 'Ben',
      requestId: 'same',
    });
    expect(await linesOf()).toHaveLength(2);
  });

  it('reads change lines another process appended', async () => {
    const register = registerIn();
    const { ref } = await register.add(facts);
    await appendFile(
      file,
      line({
        change: ref,
        action: 'lead',
        lead: 'Eve',
        by: 'Eve',
        requestId: 'x',
        from: 'registered',
        to: 'investigating',
        at: '2026-03-01T10:01:00.000Z',
      }),
    );
    // Such a line (as the first lifecycle version wrote it) names the lead only: no identity.
    expect(await register.view(ref)).toMatchObject({
      status: 'investigating',
      lead: { id: null, name: 'Eve' },
    });
  });

  describe('after a crash', () => {
    let outbox: Outbox;
    let audit: AuditLog;
    beforeEach(() => {
      outbox = new Outbox({ dataDir: dir });
      audit = new AuditLog(auditFilePath(dir));
    });
    afterEach(async () => {
      await audit.close();
    });
    const witnesses = () =>
      alertRefWitnesses({
        outbox,
        ticketJobType: ticketJob.type,
        audit,
        basisRequests: new BasisRequestLog(dir),
      });

    it('moves a cut-off change line to alerts.jsonl.torn: the alert stands as before it, and changes go on', async () => {
      const alertLine = line(oldRecord('SOC-2026-0001', '4711'));
      const change = line({
        change: 'SOC-2026-0001',
        action: 'close',
        classification: 'false_positive',
        by: 'Ben',
        requestId: 'torn',
        from: 'registered',
        to: 'closed',
        at: '2026-03-01T10:01:00.000Z',
      });
      const cut = change.slice(0, 70);
      await writeFile(file, alertLine + cut);

      const register = registerIn();
      expect(await register.open(witnesses())).toEqual({ tornTail: cut, rebuilt: [], reserved: [] });
      expect(await readFile(`${file}.torn`, 'utf8')).toBe(`${cut}\n`);
      expect(await readFile(file, 'utf8')).toBe(alertLine);
      expect(await register.view('SOC-2026-0001')).toMatchObject({
        status: 'registered',
        classification: null,
      });

      // The change was never reported done: making it again (same request id) writes it whole.
      await register.change({
        ref: 'SOC-2026-0001',
        action: 'close',
        classification: 'false_positive',
        by: 'Ben',
        requestId: 'torn',
      });
      expect(await registerIn().view('SOC-2026-0001')).toMatchObject({ status: 'closed' });
    });

    it('fails with STORAGE_CORRUPT naming a damaged change line in the middle, and leaves the file as it is', async () => {
      const broken =
        line(oldRecord('SOC-2026-0001', '4711')) +
        line({
          change: 'SOC-2026-0001',
          action: 'explode',
          by: 'Ben',
          requestId: 'r',
          from: 'registered',
          to: 'closed',
          at: 'x',
        }) +
        line(oldRecord('SOC-2026-0002', '4712'));
      await writeFile(file, broken);
      await expect(registerIn().open(witnesses())).rejects.toMatchObject({
        code: 'STORAGE_CORRUPT',
        message: expect.stringContaining(`Line 2 of the alert register ${file}`),
      });
      await expect(registerIn().views()).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
      expect(await readFile(file, 'utf8')).toBe(broken);
      expect(await readFile(`${file}.torn`, 'utf8').catch(() => 'none')).toBe('none');
    });
  });
});
