import { constants, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import fsPromises, { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ALERTS_FILE_NAME, AlertRegister } from '../../src/store/alert-register';

const alert = {
  alertId: '4711',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'c1',
};

/** The open-file flags (as /proc/self/fdinfo shows them) of every descriptor this process holds on `file`. */
function openFlagsOf(file: string): number[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return []; // closed meanwhile (the fd of the readdir itself)
    }
    if (target !== file) return [];
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags === undefined ? [] : [parseInt(flags, 8)];
  });
}

// Linux only, as the machines socbot runs on: /proc/self/fdinfo shows the flags a file was opened with.
describe('alert register durability', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-register-durable-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends alerts through a descriptor opened with O_DSYNC, so an add resolves only once its line is on disk', async () => {
    const register = new AlertRegister(dir, () => new Date('2026-03-01T10:00:00Z'));
    const added = await Promise.all([register.add(alert), register.add({ ...alert, alertId: '4712' })]);
    expect(added.map((a) => a.ref)).toEqual(['SOC-2026-0001', 'SOC-2026-0002']);
    const flags = openFlagsOf(path.join(dir, ALERTS_FILE_NAME));
    await register.close();
    expect(flags).toHaveLength(1);
    expect(flags[0]! & constants.O_DSYNC).toBe(constants.O_DSYNC);
    expect(flags[0]! & constants.O_APPEND).toBe(constants.O_APPEND);
  });

  it('moves the half line of a write that failed part-way to alerts.jsonl.torn, so the next alert starts a line of its own', async () => {
    const register = new AlertRegister(dir, () => new Date('2026-03-01T10:00:00Z'));
    const first = await register.add(alert);
    const file = path.join(dir, ALERTS_FILE_NAME);
    const probe = await fsPromises.open(file, 'r');
    await probe.close();
    const methods = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
    const realWrite = methods.write;
    // The disk filled up in the middle of the write: only its first 40 bytes landed.
    jest.spyOn(methods, 'write').mockImplementationOnce(function (this: unknown, ...args: unknown[]) {
      const [buffer, offset] = args as [Buffer, number];
      return realWrite.call(this, buffer, offset, 40);
    });
    await expect(register.add({ ...alert, alertId: 'half' })).rejects.toMatchObject({ code: 'INTERNAL' });
    jest.restoreAllMocks();
    const next = await register.add({ ...alert, alertId: 'next' });
    await register.close();

    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((text) => JSON.parse(text) as unknown)).toEqual([first, next]);
    expect((await readFile(`${file}.torn`, 'utf8')).length).toBe(41);
    const restarted = new AlertRegister(dir);
    expect((await restarted.list()).map((a) => a.alertId)).toEqual(['4711', 'next']);
    await restarted.close();
  });
});
