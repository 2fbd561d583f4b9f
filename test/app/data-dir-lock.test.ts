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

  const appOn = (directory: string, command: 'serve' | 'chat' = 'serve') => {
    return createApp({
      config: testConfig({ dataDir: directory, host: '127.0.0.1', port: 3978 }),
      logger: createLogger({ level: 'silent' }),
      consoleOnly: command === 'chat',
    });
  };
  /** The message a start gets while the lock names another live socbot. */
  const refusal = async (command: 'serve' | 'chat', lockText: string): Promise<string> => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(lockFile, lockText);
    const error: unknown = await appOn(dataDir, command)
      .start()
      .catch((e: unknown) => e);
    expect(isSocbotError(error, 'DATA_DIR_IN_USE')).toBe(true);
    return (error as Error).message;
  };
  const SERVER_LOCK = `${OTHER_SOCBOT_PID}\n{"command":"serve","webChatUrl":"http://127.0.0.1:3978/webchat"}`;

  it('holds socbot.lock with its pid and what it runs while it runs, and frees it when it stops', async () => {
    const app = appOn(dataDir);
    await app.start();
    const [pid, note] = (await readFile(lockFile, 'utf8')).split('\n');
    expect(pid).toBe(String(process.pid));
    expect(JSON.parse(note ?? '')).toEqual({ command: 'serve', webChatUrl: 'http://127.0.0.1:3978/webchat' });
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
    expect(message).toContain('SOCBOT_DATA_DIR');
    expect(message).toContain(`delete ${lockFile}`);
    expect(existsSync(auditFilePath(dataDir))).toBe(false);
    expect(existsSync(path.join(dataDir, OUTBOX_FILE_NAME))).toBe(false);
    expect(await readFile(lockFile, 'utf8')).toBe(String(OTHER_SOCBOT_PID));
  });

  it('a second server is told a server already serves the directory, not to use the Web Chat page', async () => {
    const message = await refusal('serve', SERVER_LOCK);
    expect(message).toContain(
      `A socbot server (pid ${OTHER_SOCBOT_PID}) already serves the data directory ${dataDir}`,
    );
    expect(message).toContain('set SOCBOT_DATA_DIR and PORT for a second one');
    expect(message).not.toMatch(/socbot chat|Web Chat/);
  });

  it("socbot chat next to a server is pointed to the server's Web Chat page", async () => {
    const message = await refusal('chat', SERVER_LOCK);
    expect(message).toContain(
      `A socbot server (pid ${OTHER_SOCBOT_PID}) serves the data directory ${dataDir}`,
    );
    expect(message).toContain('Web Chat page (http://127.0.0.1:3978/webchat)');
  });

  it('a server next to socbot chat is told to leave the chat first', async () => {
    const message = await refusal('serve', `${OTHER_SOCBOT_PID}\n{"command":"chat"}`);
    expect(message).toContain(`socbot chat (pid ${OTHER_SOCBOT_PID}) is using the data directory ${dataDir}`);
    expect(message).toContain('Leave it (type "exit") before starting the server');
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
    expect((await readFile(lockFile, 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await restarted.stop();
  });

  it('socbot chat next to a running server says so and exits 1', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(lockFile, SERVER_LOCK);
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
    expect(stderr).toContain('Web Chat page (http://127.0.0.1:3978/webchat)');
    expect(existsSync(auditFilePath(dataDir))).toBe(false);
  });
});
