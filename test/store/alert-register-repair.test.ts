import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditFilePath, AuditLog } from '../../src/audit/audit-log';
import { ticketJob } from '../../src/jobs/ticket-job';
import { Outbox } from '../../src/outbox/outbox';
import { alertRefWitnesses } from '../../src/store/alert-ref-witnesses';
import { ALERTS_FILE_NAME, AlertRegister, type AlertRecord } from '../../src/store/alert-register';
import { BasisRequestLog } from '../../src/store/basis-request-log';

const in2026 = (): Date => new Date('2026-03-01T10:00:00Z');

const facts = {
  alertId: '4711',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'conv-1',
};

function record(ref: string, alertId: string): AlertRecord {
  return { ...facts, alertId, ref, status: 'registered', createdAt: '2026-03-01T09:00:00.000Z' };
}

const line = (entry: object): string => `${JSON.stringify(entry)}\n`;

/** The first bytes of an alert's line, as a power loss leaves them. */
const cutOff = (entry: AlertRecord, bytes: number): string => line(entry).slice(0, bytes);

const ANA = { id: 'ana-29', name: 'Ana', role: 'analyst' };

describe('alert register repair at start', () => {
  let dir: string;
  let file: string;
  let outbox: Outbox;
  let audit: AuditLog;
  let basisRequests: BasisRequestLog;
  const opened: AlertRegister[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-register-repair-'));
    file = path.join(dir, ALERTS_FILE_NAME);
    outbox = new Outbox({ dataDir: dir });
    audit = new AuditLog(auditFilePath(dir));
    basisRequests = new BasisRequestLog(dir);
  });
  afterEach(async () => {
    for (const register of opened.splice(0)) await register.close();
    await audit.close();
    await rm(dir, { recursive: true, force: true });
  });

  const witnesses = () => alertRefWitnesses({ outbox, ticketJobType: ticketJob.type, audit, basisRequests });
  const registerAfterRestart = (): AlertRegister => {
    const register = new AlertRegister(dir, in2026);
    opened.push(register);
    return register;
  };

  /** What register-alert leaves behind for an alert: its ticket job, and the call and result in the audit trail. */
  async function ticketQueuedFor(alert: AlertRecord, requestId: string): Promise<void> {
    const job = await outbox.enqueue({
      type: ticketJob.type,
      idempotencyKey: `${alert.ref}:ticket.create`,
      payload: {
        ref: alert.ref,
        alertId: alert.alertId,
        priority: alert.priority,
        terminal: alert.terminal,
        username: alert.username,
        system: alert.system,
        requestedBy: alert.createdBy,
      },
      origin: { alertRef: alert.ref, conversationKey: 'msteams/conv-1', userId: 'ana-29' },
    });
    await audit.append({
      actor: ANA,
      action: 'call',
      summary: `create the ticket for ${alert.ref}`,
      result: 'queued',
      alertRef: alert.ref,
      conversationId: alert.conversationId,
      details: { jobId: job.id, type: job.type, idempotencyKey: job.idempotencyKey },
    });
    await audit.append({
      actor: ANA,
      action: 'result',
      summary: 'register alert',
      result: `done: ${alert.ref}`,
      alertRef: alert.ref,
      conversationId: alert.conversationId,
      details: { skill: 'register-alert', requestId },
    });
  }

  it('moves a torn last line aside and rebuilds its alert from the ticket job, so the ref is not handed out again', async () => {
    const lost = record('SOC-2026-0002', '4712');
    await writeFile(file, line(record('SOC-2026-0001', '4711')) + cutOff(lost, 60));
    await ticketQueuedFor(lost, 'form-2');

    const register = registerAfterRestart();
    const repair = await register.open(witnesses());

    expect(repair).toEqual({ tornTail: cutOff(lost, 60), rebuilt: ['SOC-2026-0002'], reserved: [] });
    expect(await readFile(`${file}.torn`, 'utf8')).toBe(`${cutOff(lost, 60)}\n`);
    const rebuilt = await register.find('SOC-2026-0002');
    expect(rebuilt).toMatchObject({
      alertId: '4712',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'Ana',
      conversationId: 'conv-1',
      requestId: 'form-2',
    });
    // The analyst pressing Confirm again gets the alert they were told about, not a second one.
    expect((await register.add({ ...facts, alertId: '4712', requestId: 'form-2' })).ref).toBe(
      'SOC-2026-0002',
    );
    expect((await register.add({ ...facts, alertId: '9999' })).ref).toBe('SOC-2026-0003');
    // Every line of the register is whole again.
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((text) => (JSON.parse(text) as AlertRecord).ref)).toEqual([
      'SOC-2026-0001',
      'SOC-2026-0002',
      'SOC-2026-0003',
    ]);
  });

  it('rebuilds a lost alert from the confirmation in the audit trail when no ticket was queued (TICKETING=none)', async () => {
    await writeFile(file, line(record('SOC-2026-0001', '4711')) + '{"alertId":"47');
    await audit.append({
      actor: ANA,
      action: 'confirmation',
      summary: 'confirmed: register alert',
      result: 'confirmed',
      conversationId: 'conv-7',
      details: {
        skill: 'register-alert',
        requestId: 'form-7',
        slots: { alertId: '4712', terminal: 'PC-0816', username: 'SAP*', system: 'QAS', priority: 'P1' },
      },
    });
    await audit.append({
      actor: ANA,
      action: 'result',
      summary: 'register alert',
      result: 'done: SOC-2026-0002',
      alertRef: 'SOC-2026-0002',
      conversationId: 'conv-7',
      details: { skill: 'register-alert', requestId: 'form-7' },
    });

    const register = registerAfterRestart();
    expect((await register.open(witnesses())).rebuilt).toEqual(['SOC-2026-0002']);
    expect(await register.find('SOC-2026-0002')).toMatchObject({
      alertId: '4712',
      terminal: 'PC-0816',
      username: 'SAP*',
      system: 'QAS',
      priority: 'P1',
      createdBy: 'Ana',
      conversationId: 'conv-7',
      requestId: 'form-7',
    });
  });

  it('also rebuilds a whole last line a power loss took cleanly', async () => {
    const lost = record('SOC-2026-0002', '4712');
    await writeFile(file, line(record('SOC-2026-0001', '4711')));
    await ticketQueuedFor(lost, 'form-2');
    const register = registerAfterRestart();
    expect(await register.open(witnesses())).toEqual({ rebuilt: ['SOC-2026-0002'], reserved: [] });
    expect((await register.add({ ...facts, alertId: '9999' })).ref).toBe('SOC-2026-0003');
  });

  it('refuses with STORAGE_CORRUPT, naming the file, the reference and the remedy, when the lost alert cannot be rebuilt; the remedy works', async () => {
    await writeFile(file, line(record('SOC-2026-0001', '4711')) + '{"alertId":"4712","termi');
    // The SIEM intake registered it: the audit trail knows the reference, not the alert's facts.
    await audit.append({
      actor: { id: 'siem', name: 'SIEM intake' },
      action: 'command',
      summary: 'register alert 4712 from splunk',
      result: 'registered',
      alertRef: 'SOC-2026-0002',
      details: { source: 'splunk', system: 'PRD', priority: 'P2' },
    });

    const register = registerAfterRestart();
    const error = (await register.open(witnesses()).catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('STORAGE_CORRUPT');
    expect(error.message).toContain(`The alert register ${file} has no line for SOC-2026-0002`);
    expect(error.message).toContain(`moved to ${file}.torn`);
    const remedy = /`(echo '.*' >> ".*")`/.exec(error.message)?.[1];
    expect(remedy).toBe(`echo '{"reserved":"SOC-2026-0002","reason":"lost in a crash"}' >> "${file}"`);
    expect(await readFile(`${file}.torn`, 'utf8')).toBe('{"alertId":"4712","termi\n');

    // The operator runs the remedy; the reference stays taken.
    await appendFile(file, `${JSON.stringify({ reserved: 'SOC-2026-0002', reason: 'lost in a crash' })}\n`);
    const afterRemedy = registerAfterRestart();
    expect(await afterRemedy.open(witnesses())).toEqual({ rebuilt: [], reserved: [] });
    expect((await afterRemedy.add({ ...facts, alertId: '9999' })).ref).toBe('SOC-2026-0003');
  });

  it('keeps a reference the torn line had got to, though no witness knows it', async () => {
    const torn = record('SOC-2026-0002', '4712');
    await writeFile(file, line(record('SOC-2026-0001', '4711')) + cutOff(torn, line(torn).length - 30));
    const register = registerAfterRestart();
    expect((await register.open(witnesses())).reserved).toEqual(['SOC-2026-0002']);
    expect((await register.add({ ...facts, alertId: '9999' })).ref).toBe('SOC-2026-0003');
  });

  it('hands out the next reference above every reference the outbox, the audit trail or the Basis request log names', async () => {
    await writeFile(file, line(record('SOC-2026-0001', '4711')));
    // Named only: a Basis request about SOC-2026-0007 (the analyst typed it), a refused action about 0005.
    await basisRequests.add({
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      alert: 'SOC-2026-0007',
      requestedBy: 'Ana',
      conversationId: 'conv-1',
    });
    await audit.append({
      actor: ANA,
      action: 'refusal',
      summary: 'block terminal PC-0815',
      result: 'refused: not a lead',
      alertRef: 'SOC-2026-0005',
      details: {},
    });
    const register = registerAfterRestart();
    expect(await register.open(witnesses())).toEqual({ rebuilt: [], reserved: [] });
    expect((await register.add({ ...facts, alertId: '9999' })).ref).toBe('SOC-2026-0008');
  });

  it('refuses a line in the middle that is not an alert, naming the line and the remedy, instead of skipping it', async () => {
    await writeFile(
      file,
      line(record('SOC-2026-0001', '4711')) +
        '{"alertId":"4712","terminal":"PC-0\n' +
        line(record('SOC-2026-0003', '4713')),
    );
    // Read by any use (`socbot alerts` too), not only at start.
    const register = registerAfterRestart();
    const error = (await register.list().catch((e: unknown) => e)) as Error & {
      code: string;
      details: unknown;
    };
    expect(error.code).toBe('STORAGE_CORRUPT');
    expect(error.details).toEqual({ file, line: 2 });
    expect(error.message).toContain(`Line 2 of the alert register ${file}`);
    expect(error.message).toContain('{"reserved":"<reference>","reason":"damaged"}');
    await expect(register.open(witnesses())).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { line: 2 },
    });
  });
});
