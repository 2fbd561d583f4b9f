import { mkdtemp, readdir, readFile, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ALERTS_FILE_NAME } from '../../../src/store/alert-register';
import { openDataStore } from '../../../src/store/data-store';
import { LEGACY_ALERTS_FILE_NAME } from '../../../src/store/legacy-alerts-file';
import { MailLog } from '../../../src/store/mail-log';
import { runCli } from '../../cli/run-cli';

describe('socbot alerts', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alerts-cli-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function seed(): Promise<void> {
    const store = openDataStore(dataDir, () => new Date('2026-05-04T03:02:01Z'));
    await store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      client: '100',
      priority: 'P1',
      createdBy: 'Ana',
      conversationId: 'c1',
    });
    await store.alerts.add({
      alertId: '4712',
      terminal: 'fin-ws-119',
      username: 'J.DOE',
      system: 'QAS',
      priority: 'P3',
      createdBy: 'Ben',
      conversationId: 'c2',
    });
    await store.close();
  }

  it('prints the registered alerts as a JSON array with --json', async () => {
    await seed();
    const { code, stdout, stderr } = await runCli(['alerts', '--json'], {
      env: { SOCBOT_DATA_DIR: dataDir },
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        ref: 'SOC-2026-0001',
        alertId: '4711',
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        client: '100',
        priority: 'P1',
        status: 'registered',
        classification: null,
        lead: null,
        title: null,
        description: null,
        ip: null,
        createdAt: '2026-05-04T03:02:01.000Z',
        createdBy: 'Ana',
        conversationId: 'c1',
        updatedAt: null,
        triage: null,
        mail: null,
      },
      expect.objectContaining({ ref: 'SOC-2026-0002', alertId: '4712', system: 'QAS', createdBy: 'Ben' }),
    ]);
  });

  it('shows the latest AI triage of each alert with --json: the six fields, the model and when', async () => {
    await seed();
    const store = openDataStore(dataDir);
    const run = {
      ref: 'SOC-2026-0002',
      summary: 'J.DOE logged on from a new workstation.',
      recommendation: 'close' as const,
      reason: 'A known user on a company host.',
      classification: 'false_positive' as const,
      severity: 2,
      confidence: 8,
      artifacts: ['fin-ws-119'],
      model: 'gpt-4.1-mini',
      at: '2026-05-04T03:05:00.000Z',
      instructionFile: 'default.md',
    };
    await store.triage.record({ ...run, recommendation: 'investigate', at: '2026-05-04T03:03:00.000Z' });
    await store.triage.record(run);
    await store.close();
    const listed = JSON.parse(
      (await runCli(['alerts', '--json'], { env: { SOCBOT_DATA_DIR: dataDir } })).stdout,
    ) as Array<Record<string, unknown>>;
    expect(listed[0]?.triage).toBeNull();
    expect(listed[1]?.triage).toEqual({
      summary: 'J.DOE logged on from a new workstation.',
      recommendation: 'close',
      reason: 'A known user on a company host.',
      classification: 'false_positive',
      severity: 2,
      confidence: 8,
      artifacts: ['fin-ws-119'],
      model: 'gpt-4.1-mini',
      at: '2026-05-04T03:05:00.000Z',
    });
  });

  it('shows the category of the mail an alert came from with --json: as corrected, and as predicted', async () => {
    await seed();
    const log = new MailLog(dataDir);
    const mail = { messageId: '<m1@corp.com>', textHash: 'a'.repeat(64), ref: 'SOC-2026-0002' };
    await log.append({
      kind: 'prediction',
      at: '2026-05-04T03:03:00.000Z',
      ...mail,
      text: 'my laptop was stolen',
      sender: 'jdoe@corp.com',
      subject: 'stolen',
      category: 'phishing',
      via: 'model',
      score: 0.61,
      modelCategory: 'phishing',
      threshold: 0.5,
    });
    const listedMail = async (): Promise<unknown[]> =>
      (
        JSON.parse(
          (await runCli(['alerts', '--json'], { env: { SOCBOT_DATA_DIR: dataDir } })).stdout,
        ) as Array<Record<string, unknown>>
      ).map((alert) => alert.mail);
    expect(await listedMail()).toEqual([
      null,
      { category: 'phishing', predicted: 'phishing', corrected: false },
    ]);
    await log.append({
      kind: 'correction',
      at: '2026-05-04T03:04:00.000Z',
      ...mail,
      from: 'phishing',
      to: 'lost-device',
      by: { id: 'ana@corp.com', name: 'Ana' },
      source: 'card',
    });
    expect(await listedMail()).toEqual([
      null,
      { category: 'lost-device', predicted: 'phishing', corrected: true },
    ]);
  });

  it('prints a table without --json, and says so when there are none', async () => {
    const empty = await runCli(['alerts'], { env: { SOCBOT_DATA_DIR: dataDir } });
    expect(empty.stdout).toBe(`No alerts registered yet (data directory ${dataDir}).\n`);
    expect(
      JSON.parse((await runCli(['alerts', '--json'], { env: { SOCBOT_DATA_DIR: dataDir } })).stdout),
    ).toEqual([]);

    await seed();
    const { code, stdout } = await runCli(['alerts'], { env: { SOCBOT_DATA_DIR: dataDir } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^REF\s+ALERT\s+PRIO\s+STATUS\s+LEAD\s+SYSTEM\s+USER\s+TERMINAL\s+CREATED\s+TITLE$/,
    );
    expect(lines[1]).toMatch(/^SOC-2026-0001\s+4711\s+P1\s+registered\s+-\s+PRD\/100\s+DDIC\s+PC-0815\s/);
  });

  it('shows each alert as it stands: status, lead, classification, and the SIEM text it came with', async () => {
    const store = openDataStore(dataDir, () => new Date('2026-05-04T03:02:01Z'));
    const { ref } = await store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'siem',
      conversationId: '',
      title: 'Debugging in production',
      description: 'Debugger used to change a variable',
      ip: '10.20.30.40',
    });
    await store.alerts.change({
      ref,
      action: 'lead',
      lead: 'maria@corp.com',
      leadName: 'Maria',
      by: 'Maria',
      requestId: 'r1',
    });
    await store.alerts.change({
      ref,
      action: 'close',
      classification: 'false_positive',
      by: 'Maria',
      requestId: 'r2',
    });
    await store.close();

    const { code, stdout } = await runCli(['alerts', '--json'], { env: { SOCBOT_DATA_DIR: dataDir } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({
        ref: 'SOC-2026-0001',
        status: 'closed',
        classification: 'false_positive',
        lead: { id: 'maria@corp.com', name: 'Maria' },
        title: 'Debugging in production',
        description: 'Debugger used to change a variable',
        ip: '10.20.30.40',
        updatedAt: '2026-05-04T03:02:01.000Z',
      }),
    ]);
    const table = (await runCli(['alerts'], { env: { SOCBOT_DATA_DIR: dataDir } })).stdout;
    expect(table).toMatch(/SOC-2026-0001\s+4711\s+P2\s+closed \(false_positive\)\s+Maria\s+PRD\s/);
    expect(table).toContain('Debugging in production');
  });

  it('closes the register file when it has listed the alerts', async () => {
    await seed();
    const file = await realpath(path.join(dataDir, ALERTS_FILE_NAME)); // as /proc names it
    expect((await runCli(['alerts'], { env: { SOCBOT_DATA_DIR: dataDir } })).code).toBe(0);
    expect(await openFilesOf(process.pid)).not.toContain(file);
  });

  it('fails with STORAGE_CORRUPT naming the unreadable line of the register, and leaves the file as it is', async () => {
    await seed();
    const file = path.join(dataDir, ALERTS_FILE_NAME);
    const [first] = (await readFile(file, 'utf8')).split('\n');
    const broken = `${first}\n{"ref":"SOC-2026-0002","alertId":4712}\n`;
    await writeFile(file, broken);
    const { code, stderr } = await runCli(['alerts'], { env: { SOCBOT_DATA_DIR: dataDir } });
    expect(code).toBe(1);
    expect(stderr).toContain('error [STORAGE_CORRUPT]');
    expect(stderr).toContain(`Line 2 of the alert register ${file}`);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('fails with STORAGE_CORRUPT on an unreadable alerts.json of an earlier socbot', async () => {
    const file = path.join(dataDir, LEGACY_ALERTS_FILE_NAME);
    await writeFile(file, '{');
    const { code, stderr } = await runCli(['alerts'], { env: { SOCBOT_DATA_DIR: dataDir } });
    expect(code).toBe(1);
    expect(stderr).toContain('error [STORAGE_CORRUPT]');
    expect(stderr).toContain(file);
  });
});

/** The paths a process has open (the links in /proc/<pid>/fd: Linux, where CI runs). */
async function openFilesOf(pid: number): Promise<string[]> {
  const dir = `/proc/${pid}/fd`;
  const links = await Promise.all(
    (await readdir(dir)).map((fd) => readlink(path.join(dir, fd)).catch(() => '')),
  );
  return links.filter((link) => link !== '');
}
