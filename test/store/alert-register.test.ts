import fsPromises, { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError } from '../../src/errors';
import { ALERTS_DIR_NAME, AlertRegister, type AlertRecord } from '../../src/store/alert-register';
import { IMPORTED_ALERTS_FILE_NAME, LEGACY_ALERTS_FILE_NAME } from '../../src/store/legacy-alerts-file';

const alert = {
  alertId: '4711',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'c1',
};

function record(ref: string, alertId = '4711', requestId?: string): AlertRecord {
  return { ...alert, alertId, requestId, ref, status: 'registered', createdAt: '2026-03-01T10:00:00.000Z' };
}

describe('AlertRegister', () => {
  let dir: string;
  let alertsDir: string;
  const in2026 = (): Date => new Date('2026-03-01T10:00:00Z');
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alert-register-'));
    alertsDir = path.join(dir, ALERTS_DIR_NAME);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each alert to its own compact file named by its reference, and nothing else', async () => {
    const register = new AlertRegister(dir, in2026);
    const first = await register.add(alert);
    await register.add({ ...alert, alertId: '4712', client: '100' });
    expect((await readdir(alertsDir)).sort()).toEqual(['SOC-2026-0001.json', 'SOC-2026-0002.json']);
    const text = await readFile(path.join(alertsDir, 'SOC-2026-0001.json'), 'utf8');
    expect(text).toBe(JSON.stringify(first));
    expect(JSON.parse(text)).toEqual({
      ...alert,
      ref: 'SOC-2026-0001',
      status: 'registered',
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    expect(await readdir(dir)).toEqual([ALERTS_DIR_NAME]);
  });

  it('counts references up per year and carries on after a restart', async () => {
    let now = new Date('2026-12-31T23:59:59Z');
    const before = new AlertRegister(dir, () => now);
    expect((await before.add(alert)).ref).toBe('SOC-2026-0001');
    expect((await before.add(alert)).ref).toBe('SOC-2026-0002');
    now = new Date('2027-01-01T00:00:01Z');
    expect((await before.add(alert)).ref).toBe('SOC-2027-0001');
    await before.flush();

    const after = new AlertRegister(dir, () => now);
    expect((await after.add(alert)).ref).toBe('SOC-2027-0002');
    now = new Date('2026-12-31T23:59:59Z'); // a clock set back still continues its own year
    expect((await after.add(alert)).ref).toBe('SOC-2026-0003');
    expect((await after.list()).map((a) => a.ref)).toEqual([
      'SOC-2026-0001',
      'SOC-2026-0002',
      'SOC-2026-0003',
      'SOC-2027-0001',
      'SOC-2027-0002',
    ]);
  });

  it('orders past SOC-<year>-9999 by number, not as text', async () => {
    await mkdir(alertsDir, { recursive: true });
    for (const ref of ['SOC-2026-9999', 'SOC-2026-10000', 'SOC-2025-0001']) {
      await writeFile(path.join(alertsDir, `${ref}.json`), JSON.stringify(record(ref)));
    }
    const register = new AlertRegister(dir, in2026);
    expect((await register.add(alert)).ref).toBe('SOC-2026-10001');
    expect((await register.list()).map((a) => a.ref)).toEqual([
      'SOC-2025-0001',
      'SOC-2026-9999',
      'SOC-2026-10000',
      'SOC-2026-10001',
    ]);
  });

  it('gives concurrent adds in one process distinct, consecutive references', async () => {
    const register = new AlertRegister(dir, in2026);
    const added = await Promise.all(Array.from({ length: 25 }, () => register.add(alert)));
    expect(added.map((a) => a.ref).sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => `SOC-2026-${String(i + 1).padStart(4, '0')}`),
    );
    expect(await readdir(alertsDir)).toHaveLength(25);
  });

  it('writes concurrent adds side by side, and a read waits until every add before it is on disk', async () => {
    const register = new AlertRegister(dir, in2026);
    // Hold the first alert's file write: the adds after it must not queue behind it.
    const realWriteFile = fsPromises.writeFile;
    let releaseFirst = (): void => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    jest
      .spyOn(fsPromises, 'writeFile')
      .mockImplementation(async (...args: Parameters<typeof realWriteFile>) => {
        if (String(args[0]).includes('SOC-2026-0001.json')) await firstHeld;
        return realWriteFile(...args);
      });
    const adds = Array.from({ length: 5 }, (_, i) => register.add({ ...alert, alertId: `a${i}` }));
    const later = await Promise.all(adds.slice(1));
    expect(later.map((a) => a.ref)).toEqual([
      'SOC-2026-0002',
      'SOC-2026-0003',
      'SOC-2026-0004',
      'SOC-2026-0005',
    ]);
    const listing = register.list();
    releaseFirst();
    const listed = await listing;
    expect(listed.map((a) => a.ref)).toEqual([
      'SOC-2026-0001',
      'SOC-2026-0002',
      'SOC-2026-0003',
      'SOC-2026-0004',
      'SOC-2026-0005',
    ]);
    expect((await adds[0])?.ref).toBe('SOC-2026-0001');
    expect((await readdir(alertsDir)).filter((name) => name.endsWith('.json'))).toHaveLength(5);
  });

  it('gives two registers on one data directory (bot and CLI) distinct references, each seeing both', async () => {
    const bot = new AlertRegister(dir, in2026);
    const cli = new AlertRegister(dir, in2026);
    // Both start from the same empty folder at once, so they race for the same references: the
    // loser of each `link` must read the winner's alert and take the next number.
    const added = await Promise.all(
      Array.from({ length: 15 }, (_, i) => [
        bot.add({ ...alert, alertId: `bot-${i}` }),
        cli.add({ ...alert, alertId: `cli-${i}` }),
      ]).flat(),
    );
    const refs = added.map((a) => a.ref);
    expect(new Set(refs).size).toBe(30);
    expect([...refs].sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `SOC-2026-${String(i + 1).padStart(4, '0')}`),
    );
    for (const register of [bot, cli]) {
      const listed = await register.list();
      expect(listed.map((a) => a.ref)).toEqual([...refs].sort());
      // Each file holds the alert whose add returned that reference.
      for (const each of added) expect(listed.find((a) => a.ref === each.ref)?.alertId).toBe(each.alertId);
    }
    expect((await bot.find('cli-14'))?.ref).toBe(added.find((a) => a.alertId === 'cli-14')?.ref);
  });

  it('notices alerts another process adds after it has loaded the register, of this year and others', async () => {
    const bot = new AlertRegister(dir, in2026);
    await bot.add(alert);
    expect(await bot.list()).toHaveLength(1);
    const cli = new AlertRegister(dir, in2026);
    const fromCli = await cli.add({ ...alert, alertId: 'from-cli' });
    expect((await bot.find('from-cli'))?.ref).toBe(fromCli.ref);
    // A file of another year, as a process whose clock is already in 2027 writes it.
    const nextYear = await new AlertRegister(dir, () => new Date('2027-01-01T00:00:00Z')).add(alert);
    expect((await bot.list()).map((a) => a.ref)).toEqual(['SOC-2026-0001', 'SOC-2026-0002', nextYear.ref]);
    expect((await bot.add(alert)).ref).toBe('SOC-2026-0003');
  });

  it('finds an alert another process added while this one added its own (the folder stamp cannot tell)', async () => {
    const bot = new AlertRegister(dir, in2026);
    await bot.add(alert);
    const realLink = fsPromises.link;
    jest.spyOn(fsPromises, 'link').mockImplementationOnce(async (temp, file) => {
      await realLink(temp, file);
      // The CLI registers the next alert right after the bot's link, before the bot looks at
      // the folder again: the folder's stamp after the bot's add already includes it.
      await writeFile(
        path.join(alertsDir, 'SOC-2026-0003.json'),
        JSON.stringify(record('SOC-2026-0003', 'cli')),
      );
    });
    expect((await bot.add(alert)).ref).toBe('SOC-2026-0002');
    expect((await bot.find('cli'))?.ref).toBe('SOC-2026-0003');
    expect((await bot.add(alert)).ref).toBe('SOC-2026-0004');
  });

  it('adds an alert once per requestId, also across a restart', async () => {
    const register = new AlertRegister(dir, in2026);
    const [first, again] = await Promise.all([
      register.add({ ...alert, requestId: 'form-1' }),
      register.add({ ...alert, requestId: 'form-1' }),
    ]);
    expect(again).toEqual(first);
    expect(await register.hasRequest('form-1')).toBe(true);
    expect(await register.hasRequest('form-2')).toBe(false);
    await register.flush();

    const restarted = new AlertRegister(dir, in2026);
    expect(await restarted.hasRequest('form-1')).toBe(true);
    expect(await restarted.add({ ...alert, requestId: 'form-1' })).toEqual(first);
    expect((await restarted.add({ ...alert, requestId: 'form-2' })).ref).toBe('SOC-2026-0002');
    expect(await restarted.list()).toHaveLength(2);
  });

  it('finds by reference or latest alert ID whatever the case, and hands out copies', async () => {
    const register = new AlertRegister(dir, in2026);
    const older = await register.add({ ...alert, alertId: 'alert_9' });
    const latest = await register.add({ ...alert, alertId: 'ALERT_9', terminal: 'PC-0816' });
    expect((await register.find(' soc-2026-0001 '))?.alertId).toBe('alert_9');
    expect(await register.find('Alert_9')).toEqual(latest);
    expect(await register.find('SOC-2026-0099')).toBeUndefined();

    older.terminal = 'changed by caller';
    const listed = await register.list();
    listed[1]!.terminal = 'changed by caller';
    const found = await register.find(latest.ref);
    if (found) found.username = 'changed by caller';
    expect(await register.list()).toEqual([
      { ...older, terminal: 'PC-0815' },
      { ...latest, terminal: 'PC-0816' },
    ]);
  });

  it('fails with STORAGE_CORRUPT naming a broken record file, never overwrites it, and carries on without reusing its number once it is moved aside', async () => {
    await mkdir(alertsDir, { recursive: true });
    const file = path.join(alertsDir, 'SOC-2026-0001.json');
    await writeFile(file, '{ "ref": "SOC-2026-0001", broken');
    const register = new AlertRegister(dir, in2026);
    const error: unknown = await register.add(alert).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/move the file aside/i);
    await expect(register.list()).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', details: { file } });
    await expect(register.find('4711')).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
    expect(await readFile(file, 'utf8')).toBe('{ "ref": "SOC-2026-0001", broken');
    expect(await readdir(alertsDir)).toEqual(['SOC-2026-0001.json']);

    // Moved aside as the message says: the number stays used, since tickets may already name it.
    await rename(file, `${file}.corrupt`);
    expect((await register.add(alert)).ref).toBe('SOC-2026-0002');
    expect((await new AlertRegister(dir, in2026).add(alert)).ref).toBe('SOC-2026-0003');
  });

  it('treats valid JSON that is not the alert its file is named after as corrupt too', async () => {
    await mkdir(alertsDir, { recursive: true });
    const wrongShape = path.join(alertsDir, 'SOC-2026-0001.json');
    await writeFile(wrongShape, JSON.stringify({ ...record('SOC-2026-0001'), status: 'closed' }));
    await expect(new AlertRegister(dir, in2026).list()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { file: wrongShape },
    });
    await rm(wrongShape);
    const misnamed = path.join(alertsDir, 'SOC-2026-0002.json');
    await writeFile(misnamed, JSON.stringify(record('SOC-2026-0007')));
    await expect(new AlertRegister(dir, in2026).list()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { file: misnamed },
    });
  });

  it('also reports a broken file another process left at the next reference', async () => {
    const register = new AlertRegister(dir, in2026);
    await register.add(alert);
    const file = path.join(alertsDir, 'SOC-2026-0002.json');
    await writeFile(file, 'not json');
    await expect(register.add(alert)).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', details: { file } });
    expect(await readFile(file, 'utf8')).toBe('not json');
  });

  it('imports the alerts.json of an earlier socbot once, keeping references, and numbers on after them', async () => {
    const legacy = [
      record('SOC-2025-0001', '100'),
      record('SOC-2026-0001', '101', 'form-1'),
      record('SOC-2026-0002', '102'),
    ];
    await writeFile(path.join(dir, LEGACY_ALERTS_FILE_NAME), JSON.stringify({ alerts: legacy }));
    const register = new AlertRegister(dir, in2026);
    expect(await register.list()).toEqual(legacy);
    expect((await register.find('soc-2026-0002'))?.alertId).toBe('102');
    expect(await register.hasRequest('form-1')).toBe(true);
    expect((await register.add(alert)).ref).toBe('SOC-2026-0003');
    expect((await readdir(dir)).sort()).toEqual([ALERTS_DIR_NAME, IMPORTED_ALERTS_FILE_NAME]);
    expect((await readdir(alertsDir)).sort()).toEqual([
      'SOC-2025-0001.json',
      'SOC-2026-0001.json',
      'SOC-2026-0002.json',
      'SOC-2026-0003.json',
    ]);
    // Imported once: a restart reads the files and leaves the renamed file alone.
    expect(await new AlertRegister(dir, in2026).list()).toHaveLength(4);
  });

  it('does not duplicate or overwrite alerts when an interrupted import runs again', async () => {
    const legacy = [record('SOC-2026-0001', '101'), record('SOC-2026-0002', '102')];
    await writeFile(path.join(dir, LEGACY_ALERTS_FILE_NAME), JSON.stringify({ alerts: legacy }));
    // The first run wrote SOC-2026-0001 and stopped before the rename.
    await mkdir(alertsDir, { recursive: true });
    const written = { ...legacy[0]!, terminal: 'as the first run wrote it' };
    await writeFile(path.join(alertsDir, 'SOC-2026-0001.json'), JSON.stringify(written));

    const register = new AlertRegister(dir, in2026);
    expect(await register.list()).toEqual([written, legacy[1]]);
    expect(await readdir(alertsDir)).toHaveLength(2);
    expect(await readdir(dir)).toContain(IMPORTED_ALERTS_FILE_NAME);
  });

  it('fails with STORAGE_CORRUPT on an unreadable old alerts.json and leaves it as it is', async () => {
    const file = path.join(dir, LEGACY_ALERTS_FILE_NAME);
    await writeFile(file, '{ "alerts": [ broken');
    const register = new AlertRegister(dir, in2026);
    const error: unknown = await register.add(alert).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(file);
    await expect(register.list()).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', details: { file } });
    expect(await readFile(file, 'utf8')).toBe('{ "alerts": [ broken');
    expect(await readdir(dir)).toEqual([LEGACY_ALERTS_FILE_NAME]);

    // An old file of the right shape with a record that is not an alert is no better.
    await writeFile(file, JSON.stringify({ alerts: [record('SOC-2026-0001'), { ref: 'SOC-2026-0002' }] }));
    await expect(register.list()).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', details: { file } });
    expect(await readdir(dir)).toEqual([LEGACY_ALERTS_FILE_NAME]);

    // Once the file is moved aside, as the message says, the same instance works.
    await rename(file, `${file}.corrupt`);
    expect((await register.add(alert)).ref).toBe('SOC-2026-0001');
  });

  it('gives up with STORAGE_CONFLICT when other processes keep taking the next reference first', async () => {
    const register = new AlertRegister(dir, in2026);
    jest
      .spyOn(fsPromises, 'link')
      .mockRejectedValue(Object.assign(new Error('EEXIST: file already exists'), { code: 'EEXIST' }));
    await expect(register.add(alert)).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
      details: { directory: alertsDir },
    });
    // Nothing half-done is left: no record and no temp file.
    expect(await readdir(alertsDir)).toEqual([]);
  });
});
