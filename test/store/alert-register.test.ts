import { appendFileSync } from 'node:fs';
import fsPromises, { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError } from '../../src/errors';
import { ALERTS_FILE_NAME, AlertRegister, type AlertRecord } from '../../src/store/alert-register';
import { IMPORTED_ALERTS_FILE_NAME, LEGACY_ALERTS_FILE_NAME } from '../../src/store/legacy-alerts-file';
import { IMPORTED_ALERTS_DIR_NAME, LEGACY_ALERTS_DIR_NAME } from '../../src/store/legacy-alerts-folder';
import { alertsOnDisk } from '../helpers/alerts-on-disk';

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

const line = (entry: object): string => `${JSON.stringify(entry)}\n`;

type FileHandleMethods = {
  write: (...args: unknown[]) => Promise<unknown>;
  read: (...args: unknown[]) => Promise<unknown>;
};

/** The prototype of the FileHandles fs/promises hands out, to interleave another process's writes. */
async function fileHandleMethods(file: string): Promise<FileHandleMethods> {
  const handle = await fsPromises.open(file, 'r');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandleMethods;
}

/**
 * Has another process append `text()` to the register's file just before each of this process's
 * next `times` writes, as the two interleave across processes.
 */
async function anotherProcessWritesFirst(file: string, text: () => string, times = 1): Promise<void> {
  const methods = await fileHandleMethods(file);
  const realWrite = methods.write;
  let left = times;
  jest.spyOn(methods, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
    if (left > 0) {
      left -= 1;
      appendFileSync(file, text());
    }
    return realWrite.apply(this, args);
  });
}

describe('AlertRegister', () => {
  let dir: string;
  let file: string;
  const in2026 = (): Date => new Date('2026-03-01T10:00:00Z');
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alert-register-'));
    file = path.join(dir, ALERTS_FILE_NAME);
  });
  /** Every register a test opens, closed after it (one left open keeps its file handle). */
  const opened: AlertRegister[] = [];
  const registerIn = (...args: ConstructorParameters<typeof AlertRegister>): AlertRegister => {
    const register = new AlertRegister(...args);
    opened.push(register);
    return register;
  };
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const register of opened.splice(0)) await register.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends each alert as one compact JSON line, and writes nothing else', async () => {
    const register = registerIn(dir, in2026);
    const first = await register.add(alert);
    const second = await register.add({ ...alert, alertId: '4712', client: '100' });
    expect(await readFile(file, 'utf8')).toBe(line(first) + line(second));
    expect(first).toEqual({
      ...alert,
      ref: 'SOC-2026-0001',
      status: 'registered',
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    expect(await readdir(dir)).toEqual([ALERTS_FILE_NAME]);
    await register.close();
  });

  it('lists nothing, and creates no file, on a new data directory', async () => {
    const register = registerIn(path.join(dir, 'new'), in2026);
    expect(await register.list()).toEqual([]);
    expect(await register.find('4711')).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('counts references up per year and carries on after a restart', async () => {
    let now = new Date('2026-12-31T23:59:59Z');
    const before = registerIn(dir, () => now);
    expect((await before.add(alert)).ref).toBe('SOC-2026-0001');
    expect((await before.add(alert)).ref).toBe('SOC-2026-0002');
    now = new Date('2027-01-01T00:00:01Z');
    expect((await before.add(alert)).ref).toBe('SOC-2027-0001');
    await before.close();

    const after = registerIn(dir, () => now);
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
    await after.close();
  });

  it('orders past SOC-<year>-9999 by number, not as text', async () => {
    await writeFile(
      file,
      ['SOC-2026-9999', 'SOC-2026-10000', 'SOC-2025-0001'].map((ref) => line(record(ref))).join(''),
    );
    const register = registerIn(dir, in2026);
    expect((await register.add(alert)).ref).toBe('SOC-2026-10001');
    expect((await register.list()).map((a) => a.ref)).toEqual([
      'SOC-2025-0001',
      'SOC-2026-9999',
      'SOC-2026-10000',
      'SOC-2026-10001',
    ]);
    await register.close();
  });

  it('gives concurrent adds distinct, consecutive references, written together, and a read waits for them', async () => {
    const register = registerIn(dir, in2026);
    await register.add({ ...alert, alertId: 'first' });
    const prototype = await fileHandleMethods(file);
    const write = jest.spyOn(prototype, 'write');
    const adds = Array.from({ length: 25 }, (_, i) => register.add({ ...alert, alertId: `a${i}` }));
    const listed = await register.list();
    // Called after the adds: it sees all of them, and they are on disk by then.
    expect(listed).toHaveLength(26);
    expect(await alertsOnDisk(dir)).toEqual(listed);
    const added = await Promise.all(adds);
    expect(added.map((a) => a.ref)).toEqual(
      Array.from({ length: 25 }, (_, i) => `SOC-2026-${String(i + 2).padStart(4, '0')}`),
    );
    // Group commit: the adds that arrive during a write share the next one.
    expect(write.mock.calls.length).toBeLessThan(25);
    await register.close();
  });

  it('gives two registers on one data directory (bot and CLI) distinct references, each seeing both', async () => {
    const bot = registerIn(dir, in2026);
    const cli = registerIn(dir, in2026);
    // Both start from the same empty file at once, so they race for the same references: the first
    // line with a reference owns it, and the other process writes its alert again with the next one.
    const added = await Promise.all(
      Array.from({ length: 15 }, (_, i) => [
        bot.add({ ...alert, alertId: `bot-${i}` }),
        cli.add({ ...alert, alertId: `cli-${i}` }),
      ]).flat(),
    );
    const refs = added.map((a) => a.ref);
    expect([...refs].sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `SOC-2026-${String(i + 1).padStart(4, '0')}`),
    );
    for (const register of [bot, cli, registerIn(dir, in2026)]) {
      const listed = await register.list();
      expect(listed.map((a) => a.ref)).toEqual([...refs].sort());
      // Each reference holds the alert whose add returned it.
      for (const each of added) expect(listed.find((a) => a.ref === each.ref)?.alertId).toBe(each.alertId);
      await register.close();
    }
  });

  it('writes an alert again with the next reference when another process wrote that reference first', async () => {
    const bot = registerIn(dir, in2026);
    await bot.add(alert);
    // The CLI registers SOC-2026-0002 after the bot claimed it in memory, just before the bot's write.
    await anotherProcessWritesFirst(file, () => line(record('SOC-2026-0002', 'cli')));
    const fromBot = await bot.add({ ...alert, alertId: 'bot' });
    expect(fromBot.ref).toBe('SOC-2026-0003');
    expect((await bot.find('cli'))?.ref).toBe('SOC-2026-0002');
    // The reference the bot lost is gone from every lookup, the one by alert ID too.
    expect((await bot.withAlertId('bot')).map((a) => a.ref)).toEqual(['SOC-2026-0003']);
    // On disk: the bot's line that lost SOC-2026-0002 stays (the file is only appended to), and
    // every reader takes the first line of a reference.
    expect((await alertsOnDisk(dir)).map((a) => `${a.ref} ${a.alertId}`)).toEqual([
      'SOC-2026-0001 4711',
      'SOC-2026-0002 cli',
      'SOC-2026-0002 bot',
      'SOC-2026-0003 bot',
    ]);
    const restarted = registerIn(dir, in2026);
    expect((await restarted.list()).map((a) => `${a.ref} ${a.alertId}`)).toEqual([
      'SOC-2026-0001 4711',
      'SOC-2026-0002 cli',
      'SOC-2026-0003 bot',
    ]);
    expect((await restarted.add(alert)).ref).toBe('SOC-2026-0004');
    await Promise.all([bot.close(), restarted.close()]);
  });

  it('notices alerts another process adds after it has loaded the register, of this year and others', async () => {
    const bot = registerIn(dir, in2026);
    await bot.add(alert);
    expect(await bot.list()).toHaveLength(1);
    const cli = registerIn(dir, in2026);
    const fromCli = await cli.add({ ...alert, alertId: 'from-cli' });
    expect((await bot.find('from-cli'))?.ref).toBe(fromCli.ref);
    const nextYearCli = registerIn(dir, () => new Date('2027-01-01T00:00:00Z'));
    const nextYear = await nextYearCli.add(alert);
    expect((await bot.list()).map((a) => a.ref)).toEqual(['SOC-2026-0001', 'SOC-2026-0002', nextYear.ref]);
    expect((await bot.add(alert)).ref).toBe('SOC-2026-0003');
    await Promise.all([bot.close(), cli.close(), nextYearCli.close()]);
  });

  it('adds an alert once per requestId, also in one batch and across a restart', async () => {
    const register = registerIn(dir, in2026);
    const [first, again] = await Promise.all([
      register.add({ ...alert, requestId: 'form-1' }),
      register.add({ ...alert, requestId: 'form-1' }),
    ]);
    expect(again).toEqual(first);
    expect(await register.hasRequest('form-1')).toBe(true);
    expect(await register.hasRequest('form-2')).toBe(false);
    await register.close();

    const restarted = registerIn(dir, in2026);
    expect(await restarted.hasRequest('form-1')).toBe(true);
    expect(await restarted.add({ ...alert, requestId: 'form-1' })).toEqual(first);
    expect((await restarted.add({ ...alert, requestId: 'form-2' })).ref).toBe('SOC-2026-0002');
    expect(await restarted.list()).toHaveLength(2);
    expect(await alertsOnDisk(dir)).toHaveLength(2);
    await restarted.close();
  });

  it('finds by reference, latest alert ID or all of an alert ID whatever the case, and hands out copies', async () => {
    const register = registerIn(dir, in2026);
    const older = await register.add({ ...alert, alertId: 'alert_9' });
    const latest = await register.add({ ...alert, alertId: 'ALERT_9', terminal: 'PC-0816' });
    expect((await register.find(' soc-2026-0001 '))?.alertId).toBe('alert_9');
    expect(await register.find('Alert_9')).toEqual(latest);
    expect(await register.find('SOC-2026-0099')).toBeUndefined();
    expect(await register.withAlertId(' Alert_9 ')).toEqual([older, latest]);
    expect(await register.withAlertId('4711')).toEqual([]);

    older.terminal = 'changed by caller';
    const listed = await register.list();
    listed[1]!.terminal = 'changed by caller';
    const found = await register.find(latest.ref);
    if (found) found.username = 'changed by caller';
    expect(await register.list()).toEqual([
      { ...older, terminal: 'PC-0815' },
      { ...latest, terminal: 'PC-0816' },
    ]);
    await register.close();
  });

  it('fails with STORAGE_CORRUPT naming a line it cannot read, never rewrites the file, and carries on once the line is repaired', async () => {
    const broken = line(record('SOC-2026-0001')) + '{ "ref": "SOC-2026-0002", broken }\n';
    await writeFile(file, broken);
    const register = registerIn(dir, in2026);
    const error: unknown = await register.add(alert).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(`Line 2 of the alert register ${file}`);
    expect((error as Error).message).toMatch(/edit line 2/i);
    await expect(register.list()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { file, line: 2 },
    });
    expect(await readFile(file, 'utf8')).toBe(broken);

    // Valid JSON that is not an alert is no better.
    await writeFile(
      file,
      line(record('SOC-2026-0001')) + line({ ...record('SOC-2026-0002'), status: 'closed' }),
    );
    await expect(register.find('4711')).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { line: 2 },
    });

    await writeFile(file, line(record('SOC-2026-0001')) + line(record('SOC-2026-0002')));
    expect((await register.add(alert)).ref).toBe('SOC-2026-0003');
    await register.close();
  });

  it('moves the start of a line a crash cut short to alerts.jsonl.torn before the next alert, and never reads it as an alert', async () => {
    const cutShort = '{"alertId":"4712","terminal":"PC-0';
    await writeFile(file, line(record('SOC-2026-0001')) + cutShort);
    const register = registerIn(dir, in2026);
    expect((await register.list()).map((a) => a.ref)).toEqual(['SOC-2026-0001']);
    const next = await register.add(alert);
    expect(next.ref).toBe('SOC-2026-0002');
    expect(await readFile(file, 'utf8')).toBe(`${line(record('SOC-2026-0001'))}${line(next)}`);
    expect(await readFile(`${file}.torn`, 'utf8')).toBe(`${cutShort}\n`);
    await register.close();
    expect((await registerIn(dir, in2026).list()).map((a) => a.ref)).toEqual([
      'SOC-2026-0001',
      'SOC-2026-0002',
    ]);
  });

  it('starts over from the file that is there when its file is moved aside while it runs', async () => {
    const register = registerIn(dir, in2026);
    await register.add(alert);
    await rename(file, `${file}.old`);
    expect((await register.add({ ...alert, alertId: 'after' })).ref).toBe('SOC-2026-0001');
    expect((await alertsOnDisk(dir)).map((a) => a.alertId)).toEqual(['after']);
    expect(await readFile(`${file}.old`, 'utf8')).toHaveLength(line(record('SOC-2026-0001')).length);
    await register.close();
  });

  it('imports the alerts.json of an earlier socbot once, keeping references, and numbers on after them', async () => {
    const legacy = [
      record('SOC-2025-0001', '100'),
      record('SOC-2026-0001', '101', 'form-1'),
      record('SOC-2026-0002', '102'),
    ];
    await writeFile(path.join(dir, LEGACY_ALERTS_FILE_NAME), JSON.stringify({ alerts: legacy }));
    const register = registerIn(dir, in2026);
    expect(await register.list()).toEqual(legacy);
    expect((await register.find('soc-2026-0002'))?.alertId).toBe('102');
    expect(await register.hasRequest('form-1')).toBe(true);
    expect((await register.add(alert)).ref).toBe('SOC-2026-0003');
    expect((await readdir(dir)).sort()).toEqual([IMPORTED_ALERTS_FILE_NAME, ALERTS_FILE_NAME]);
    expect((await alertsOnDisk(dir)).map((a) => a.ref)).toEqual([
      'SOC-2025-0001',
      'SOC-2026-0001',
      'SOC-2026-0002',
      'SOC-2026-0003',
    ]);
    await register.close();
    // Imported once: a restart reads the register and leaves the renamed file alone.
    expect(await registerIn(dir, in2026).list()).toHaveLength(4);
  });

  it('does not duplicate or overwrite alerts when an interrupted import runs again', async () => {
    const legacy = [record('SOC-2026-0001', '101'), record('SOC-2026-0002', '102')];
    await writeFile(path.join(dir, LEGACY_ALERTS_FILE_NAME), JSON.stringify({ alerts: legacy }));
    // The first run wrote SOC-2026-0001 and stopped before the rename.
    const written = { ...legacy[0]!, terminal: 'as the first run wrote it' };
    await writeFile(file, line(written));

    const register = registerIn(dir, in2026);
    expect(await register.list()).toEqual([written, legacy[1]]);
    expect(await alertsOnDisk(dir)).toHaveLength(2);
    expect(await readdir(dir)).toContain(IMPORTED_ALERTS_FILE_NAME);
    await register.close();
  });

  it('imports the alerts/ folder of the previous socbot once, and never reuses the number of a file moved aside there', async () => {
    const folder = path.join(dir, LEGACY_ALERTS_DIR_NAME);
    await mkdir(folder);
    await writeFile(path.join(folder, 'SOC-2026-0001.json'), JSON.stringify(record('SOC-2026-0001', '101')));
    await writeFile(path.join(folder, 'SOC-2026-0002.json.corrupt'), '{ broken');
    // A temp file of a write a crash cut short: not an alert.
    await writeFile(path.join(folder, '.SOC-2026-0003.json.1234.tmp'), '{');
    const register = registerIn(dir, in2026);
    expect((await register.list()).map((a) => a.ref)).toEqual(['SOC-2026-0001']);
    expect((await register.add(alert)).ref).toBe('SOC-2026-0003');
    expect((await readdir(dir)).sort()).toEqual([IMPORTED_ALERTS_DIR_NAME, ALERTS_FILE_NAME]);
    await register.close();
    // The moved-aside number is kept in the register itself: after a restart it is still taken.
    const restarted = registerIn(dir, in2026);
    expect((await restarted.add(alert)).ref).toBe('SOC-2026-0004');
    expect(await restarted.list()).toHaveLength(3);
    await restarted.close();
  });

  it('fails with STORAGE_CORRUPT naming a broken file of an old alerts/ folder, and imports nothing', async () => {
    const folder = path.join(dir, LEGACY_ALERTS_DIR_NAME);
    await mkdir(folder);
    const misnamed = path.join(folder, 'SOC-2026-0002.json');
    await writeFile(misnamed, JSON.stringify(record('SOC-2026-0007')));
    const register = registerIn(dir, in2026);
    await expect(register.list()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { file: misnamed },
    });
    expect(await readdir(folder)).toEqual(['SOC-2026-0002.json']);
    expect(await alertsOnDisk(dir)).toEqual([]);
  });

  it('fails with STORAGE_CORRUPT on an unreadable old alerts.json and leaves it as it is', async () => {
    const legacyFile = path.join(dir, LEGACY_ALERTS_FILE_NAME);
    await writeFile(legacyFile, '{ "alerts": [ broken');
    const register = registerIn(dir, in2026);
    const error: unknown = await register.add(alert).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain(legacyFile);
    await expect(register.list()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { file: legacyFile },
    });
    expect(await readFile(legacyFile, 'utf8')).toBe('{ "alerts": [ broken');

    // An old file of the right shape with a record that is not an alert is no better.
    await writeFile(
      legacyFile,
      JSON.stringify({ alerts: [record('SOC-2026-0001'), { ref: 'SOC-2026-0002' }] }),
    );
    await expect(register.list()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { file: legacyFile },
    });
    expect(await alertsOnDisk(dir)).toEqual([]);

    // Once the file is moved aside, as the message says, the same instance works.
    await rename(legacyFile, `${legacyFile}.corrupt`);
    expect((await register.add(alert)).ref).toBe('SOC-2026-0001');
    await register.close();
  });

  it('gives up with STORAGE_CONFLICT when other processes keep taking the next reference first', async () => {
    const register = registerIn(dir, in2026);
    await register.add({ ...alert, alertId: 'first' });
    let taken = 1;
    // Another process writes the reference this one claimed, every time, just before it does.
    await anotherProcessWritesFirst(
      file,
      () => line(record(`SOC-2026-${String(++taken).padStart(4, '0')}`, 'theirs')),
      Infinity,
    );
    await expect(register.add(alert)).rejects.toMatchObject({
      code: 'STORAGE_CONFLICT',
      details: { file, attempts: 20 },
    });
    jest.restoreAllMocks();
    // Nothing of this add is left in the register: only the other process's alerts are listed.
    const listed = await register.list();
    expect(listed.filter((a) => a.alertId === '4711')).toEqual([]);
    expect(listed).toHaveLength(21);
    await register.close();
  });

  describe('across processes and crashes (found in review)', () => {
    it('returns the alert another process wrote first for the same requestId instead of registering it twice', async () => {
      const bot = registerIn(dir, in2026);
      await bot.add(alert);
      // The CLI handled the same request (same requestId) and wrote SOC-2026-0002 first.
      await anotherProcessWritesFirst(file, () => line(record('SOC-2026-0002', 'cli', 'form-1')));
      const fromBot = await bot.add({ ...alert, alertId: 'bot', requestId: 'form-1' });
      jest.restoreAllMocks();
      const onDisk = registerIn(dir, in2026);
      const withRequest = (await onDisk.list()).filter((a) => a.requestId === 'form-1').map((a) => a.ref);
      await Promise.all([bot.close(), onDisk.close()]);
      expect(withRequest).toEqual(['SOC-2026-0002']);
      expect(fromBot.ref).toBe('SOC-2026-0002');
    });

    it('registers a requestId once when two registers race for it', async () => {
      const a = registerIn(dir, in2026);
      const b = registerIn(dir, in2026);
      let dups = 0;
      for (let i = 0; i < 30; i++) {
        const [x, y] = await Promise.all([
          a.add({ ...alert, requestId: `r${i}` }),
          b.add({ ...alert, requestId: `r${i}` }),
        ]);
        if (x.ref !== y.ref) dups++;
      }
      await Promise.all([a.close(), b.close()]);
      expect(dups).toBe(0);
    });

    it('does not reject an add that was written because another add of its write could not be placed', async () => {
      const bot = registerIn(dir, in2026);
      await bot.add(alert);
      let taken = 2;
      // Another process always takes the second claim of the batch first.
      await anotherProcessWritesFirst(
        file,
        () => line(record(`SOC-2026-${String(++taken).padStart(4, '0')}`, 'theirs')),
        Infinity,
      );
      void bot.list(); // runs now, so the two adds below go into one batch
      const [first, second] = await Promise.allSettled([
        bot.add({ ...alert, alertId: 'won' }),
        bot.add({ ...alert, alertId: 'lost' }),
      ]);
      jest.restoreAllMocks();
      expect(second.status).toBe('rejected');
      const listed = await bot.list();
      await bot.close();
      expect(listed.find((a) => a.alertId === 'won')?.ref).toBe('SOC-2026-0002');
      expect(first.status).toBe('fulfilled');
    });

    it('names the same line in STORAGE_CORRUPT on every call', async () => {
      const bot = registerIn(dir, in2026);
      await bot.add(alert);
      await bot.add(alert);
      appendFileSync(file, '{"not":"an alert"}\n');
      const lineOf = async (): Promise<unknown> =>
        bot.list().then(
          () => undefined,
          (e: { details?: { line?: number } }) => e.details?.line,
        );
      const lines = [await lineOf(), await lineOf(), await lineOf()];
      await bot.close();
      expect(lines).toEqual([3, 3, 3]);
    });

    it("refuses, naming the line, when its own line lands after the start of another process's write that a crash cut short", async () => {
      const bot = registerIn(dir, in2026);
      await bot.add(alert);
      // The CLI was killed in the middle of its write, after the bot last looked at the file: the
      // bot's line continues the CLI's, and that line is neither alert.
      await anotherProcessWritesFirst(file, () => '{"alertId":"cli","terminal":"PC-0');
      const result = await bot.add({ ...alert, alertId: 'bot' }).then(
        (r) => r.ref,
        (e: { code: string; details: { line: number } }) => `${e.code} line ${e.details.line}`,
      );
      jest.restoreAllMocks();
      const later = await registerIn(dir, in2026)
        .list()
        .then(
          (l) => l.length,
          (e: { code: string }) => e.code,
        );
      await bot.close();
      expect({ result, later }).toEqual({ result: 'STORAGE_CORRUPT line 2', later: 'STORAGE_CORRUPT' });
    });

    it('ignores names in an old alerts/ folder that never numbered an alert', async () => {
      const folder = path.join(dir, LEGACY_ALERTS_DIR_NAME);
      await mkdir(folder);
      await writeFile(path.join(folder, 'SOC-2026-0001.json'), JSON.stringify(record('SOC-2026-0001')));
      await writeFile(path.join(folder, 'README.txt'), 'backup notes');
      const first = registerIn(dir, in2026);
      expect(await first.list()).toHaveLength(1);
      await first.close();
      const restarted = registerIn(dir, in2026);
      const result = await restarted.list().then(
        (l) => l.length,
        (e: Error) => e.message,
      );
      await restarted.close();
      expect(result).toBe(1);
    });

    it('does not hand out a reference another process reserved just before its write', async () => {
      const bot = registerIn(dir, in2026);
      await bot.add(alert);
      await anotherProcessWritesFirst(file, () =>
        line({ reserved: 'SOC-2026-0002', reason: 'alerts/SOC-2026-0002.json was moved aside' }),
      );
      const added = await bot.add({ ...alert, alertId: 'bot' });
      await bot.close();
      expect(added.ref).not.toBe('SOC-2026-0002');
    });

    it('keeps its index agreeing with the file when a read fails in the middle of catching up', async () => {
      const bot = registerIn(dir, in2026);
      await bot.add(alert);
      const p = await fileHandleMethods(file);
      const realWrite = p.write;
      const realRead = p.read;
      let reads = 0;
      jest.spyOn(p, 'write').mockImplementationOnce(function (this: unknown, ...args: unknown[]) {
        // The CLI wrote SOC-2026-0002 first, then >4 MB of alerts of 2025.
        const filler = Array.from({ length: 12000 }, (_, i) =>
          line({ ...record(`SOC-2025-${String(i + 1).padStart(4, '0')}`, 'x'.repeat(300)) }),
        ).join('');
        appendFileSync(file, line(record('SOC-2026-0002', 'cli')) + filler);
        jest.spyOn(p, 'read').mockImplementation(function (this: unknown, ...args: unknown[]) {
          reads += 1;
          if (reads === 2) return Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' }));
          return realRead.apply(this, args);
        });
        return realWrite.apply(this, args);
      });
      await expect(bot.add({ ...alert, alertId: 'bot' })).rejects.toThrow('EIO');
      jest.restoreAllMocks();
      const inBot = (await bot.find('SOC-2026-0002'))?.alertId;
      const fresh = registerIn(dir, in2026);
      const inFresh = (await fresh.find('SOC-2026-0002'))?.alertId;
      await Promise.all([bot.close(), fresh.close()]);
      expect(inBot).toBe(inFresh);
    });
  });
});
