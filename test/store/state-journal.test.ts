import fsPromises, { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StateJournal } from '../../src/store/state-journal';

describe('StateJournal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-journal-'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts off what a failed append wrote, so the next line starts clean', async () => {
    const file = path.join(dir, 'state.journal.jsonl');
    const journal = new StateJournal(file);
    await journal.append([{ key: 'a', eTag: 'e1', valueJson: '{"n":1}' }]);
    // The next write gets a few bytes out, then the disk is full.
    const realOpen = fsPromises.open;
    const handle = await realOpen(file, 'a');
    await handle.close();
    const failing = jest.spyOn(Object.getPrototypeOf(handle) as { write: typeof handle.write }, 'write');
    failing.mockImplementationOnce(async function (this: typeof handle, data: unknown) {
      await fsPromises.appendFile(file, (data as Buffer).subarray(0, 7));
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    } as unknown as typeof handle.write);
    await expect(journal.append([{ key: 'b', eTag: 'e2', valueJson: '{"n":2}' }])).rejects.toThrow(
      'no space',
    );
    failing.mockRestore();
    await journal.append([{ key: 'b', eTag: 'e3', valueJson: '{"n":3}' }]);
    await journal.close();

    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { key: 'a', eTag: 'e1', value: { n: 1 } },
      { key: 'b', eTag: 'e3', value: { n: 3 } },
    ]);
    const restarted = new StateJournal(file);
    expect(await restarted.replay()).toHaveLength(2);
    await restarted.close();
  });

  it('replays whole lines only and cuts off a last line a crash left half written', async () => {
    const file = path.join(dir, 'state.journal.jsonl');
    await fsPromises.writeFile(file, '{"key":"a","eTag":"e1","value":{"n":1}}\n{"key":"b","eTag":"e2","val');
    const journal = new StateJournal(file);
    expect(await journal.replay()).toEqual([{ key: 'a', eTag: 'e1', valueJson: '{"n":1}' }]);
    await journal.append([{ key: 'b', deleted: true }]);
    await journal.close();
    expect(await readFile(file, 'utf8')).toBe(
      '{"key":"a","eTag":"e1","value":{"n":1}}\n{"key":"b","deleted":true}\n',
    );
  });
});
