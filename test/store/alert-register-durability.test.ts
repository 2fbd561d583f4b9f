import { constants, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
});
