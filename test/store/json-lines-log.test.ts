import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileLogs } from '../../src/store/file-logs';
import { pgJsonLinesLogs } from '../../src/store/postgres/pg-json-lines-log';
import { openTestPool } from '../helpers/postgres';
import { describeJsonLinesLogContract } from './contracts/json-lines-log-contract';

describeJsonLinesLogContract('JSON Lines files in the data directory', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-logs-'));
  return {
    logs: () => fileLogs(dir),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describeJsonLinesLogContract('PgJsonLinesLog (PostgreSQL)', async () => {
  const { db, close } = await openTestPool();
  return { logs: () => pgJsonLinesLogs(db), close };
});

describe('JSON Lines files only', () => {
  it('counts a line a crash cut off as unreadable, and starts the next append on a fresh line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-logs-'));
    try {
      const log = fileLogs(dir).open('cut.jsonl');
      await log.append({ n: 1 });
      await appendFile(path.join(dir, 'cut.jsonl'), '{"n":2,"cut');
      await log.append({ n: 3 });
      expect(await log.read()).toEqual({ values: [{ n: 1 }, { n: 3 }], unreadable: 1 });
      expect(await readFile(path.join(dir, 'cut.jsonl'), 'utf8')).toBe('{"n":1}\n{"n":2,"cut\n{"n":3}\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
