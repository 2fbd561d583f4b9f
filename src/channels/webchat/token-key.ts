import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SocbotError } from '../../errors';
import { assertDataDirNotWorldWritable, octalMode } from '../../store/data-dir-permissions';

/** `<dataDir>/webchat-token.key`: the key Web Chat tokens are signed with when no WEBCHAT_SECRET is set. */
export const TOKEN_KEY_FILE_NAME = 'webchat-token.key';

/**
 * The key Direct Line tokens are signed with, the same across restarts so an open Web Chat page
 * keeps working after one: WEBCHAT_SECRET when set, else a random key kept in the data directory
 * (created on first start with mode 0600), else (no data directory: tests) a random key per
 * process. Read once at start-up, so synchronous. Like ssh with a private key, it refuses a key
 * file others than its owner may read or change (KEY_FILE_UNSAFE) and a data directory every user
 * may write to (DATA_DIR_UNSAFE): whoever has the key signs tokens for any analyst.
 *
 * @example
 *   createDirectLineTokens({ key: webChatTokenKey(config.webChat.secret, config.dataDir), ttlMs });
 */
export function webChatTokenKey(secret: string, dataDir: string | undefined): string | Buffer {
  if (secret !== '') return secret;
  if (dataDir === undefined) return randomBytes(32);
  const file = path.join(dataDir, TOKEN_KEY_FILE_NAME);
  // 0700 for a directory created here: a umask of 000 must not make it one that is refused.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  assertDataDirNotWorldWritable(dataDir);
  const existing = readKeyFile(file);
  if (existing) return existing;
  const key = randomBytes(32);
  try {
    // 'wx': never replace a key another start wrote meanwhile (open pages hold tokens signed with it).
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file) ?? key;
    throw new SocbotError(
      'CONFIG_INVALID',
      `Cannot write the Web Chat token key ${file}: ${(error as Error).message}. Make SOCBOT_DATA_DIR writable for socbot, or set WEBCHAT_SECRET.`,
      { file },
    );
  }
  return key;
}

function readKeyFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(file, error);
  }
  let text: string;
  try {
    // The mode of the file that is read (fstat on its descriptor), not of whatever the name points to later.
    refuseUnsafeMode(file, fstatSync(fd).mode);
    text = readFileSync(fd, 'utf8').trim();
  } catch (error) {
    if (error instanceof SocbotError) throw error;
    throw unreadable(file, error);
  } finally {
    closeSync(fd);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new SocbotError(
      'CONFIG_INVALID',
      `The Web Chat token key ${file} is not 64 hex digits. Delete it: socbot writes a new one at start (open Web Chat pages then need a reload).`,
      { file },
    );
  }
  return Buffer.from(text, 'hex');
}

/** As ssh does with a private key: only its owner may read or change it. Not on Windows (no mode bits). */
function refuseUnsafeMode(file: string, mode: number): void {
  if (process.platform === 'win32' || (mode & 0o077) === 0) return;
  throw new SocbotError(
    'KEY_FILE_UNSAFE',
    `The Web Chat token key ${file} has mode ${octalMode(mode)}: users other than socbot's may read or change it, ` +
      `and whoever has it can sign Web Chat tokens for any analyst. Run \`chmod 600 ${file}\`. If someone ` +
      'else may have read it, delete it instead: socbot writes a new one at start (open Web Chat pages then need a reload).',
    { file },
  );
}

function unreadable(file: string, error: unknown): SocbotError {
  return new SocbotError(
    'CONFIG_INVALID',
    `Cannot read the Web Chat token key ${file}: ${(error as Error).message}. Give socbot's user read access to it.`,
    { file },
  );
}
