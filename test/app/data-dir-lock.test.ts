import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app/create-app';
import { auditFilePath } from '../../src/audit/audit-log';
import { testConfig } from '../helpers/test-config';
import { isSocbotError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import { DATA_DIR_LOCK_FILE_NAME } from '../../src/store/data-dir-lock';
import { runCli } from '../cli/run-cli';

/** A live process that is not this one: the one that started jest. */
const OTHER_SOCBOT_PID = process.ppid;

describe('one socbot process writes a data directory', () => {
  let dir: string;
  let dataDir: string;
  let lockFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-data-dir-lock-'));
    dataDir = path.join(dir, 'data');
    lockFile = path.join(dataDir, DATA_DIR_LOCK_FILE_NAME);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const appOn = (directory: string) => {
    return createApp({
      config: testConfig({ dataDir: directory }),
      logger: createLogger({ level: 'silent' }),
    });
  };

  it('holds socbot.lock with its pid while it runs and frees it when it stops', async () => {
    const app = appOn(dataDir);
    await app.start();
    expect(await readFile(lockFile, 'utf8')).toBe(String(process.pid));
    await app.stop();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses to start while another socbot writes the directory, and writes nothing', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(lockFile, String(OTHER_SOCBOT_PID));

    const error: unknown = await appOn(dataDir)
      .start()
      .catch((e: unknown) => e);
    expect(isSocbotError(error, 'DATA_DIR_IN_USE')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`pid ${OTHER_SOCBOT_PID}`);
    expect(message).toContain(`the data directory ${dataDir}`);
    expect(message).toContain('Web Chat page');
    expect(message).toContain(`delete ${lockFile}`);
    expect(existsSync(auditFilePath(dataDir))).toBe(false);
    expect(existsSync(path.join(dataDir, OUTBOX_FILE_NAME))).toBe(false);
    expect(await readFile(lockFile, 'utf8')).toBe(String(OTHER_SOCBOT_PID));
  });

  it('frees the directory again when the start fails after taking it (an unreadable outbox)', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, OUTBOX_FILE_NAME), '{');
    const error: unknown = await appOn(dataDir)
      .start()
      .catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock whose process is gone (a crash)', async () => {
    const app = appOn(dataDir);
    await app.start();
    await app.stop();
    await writeFile(lockFile, '999999999');
    const restarted = appOn(dataDir);
    await restarted.start();
    expect(await readFile(lockFile, 'utf8')).toBe(String(process.pid));
    await restarted.stop();
  });

  it('socbot chat next to a running server says so and exits 1', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(lockFile, String(OTHER_SOCBOT_PID));
    const { code, stderr } = await runCli(['chat'], {
      env: {
        SOCBOT_DATA_DIR: dataDir,
        SOCBOT_MODEL: path.join(dir, 'models', 'socbot.model.json'),
        SOCBOT_CORPUS: path.resolve(__dirname, '../../corpus'),
      },
      stdin: 'register alert 4711\nexit\n',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('error [DATA_DIR_IN_USE]');
    expect(existsSync(auditFilePath(dataDir))).toBe(false);
  });
});
