import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SocbotError } from '../../errors';

/** `<dataDir>/webchat-token.key`: the key Web Chat tokens are signed with when no WEBCHAT_SECRET is set. */
export const TOKEN_KEY_FILE_NAME = 'webchat-token.key';

/**
 * The key Direct Line tokens are signed with, the same across restarts so an open Web Chat page
 * keeps working after one: WEBCHAT_SECRET when set, else a random key kept in the data directory
 * (created on first start, readable by socbot's user only), else (no data directory: tests) a
 * random key per process. Read once at start-up, so synchronous.
 *
 * @example
 *   createDirectLineTokens({ key: webChatTokenKey(config.webChat.secret, config.dataDir), ttlMs });
 */
export function webChatTokenKey(secret: string, dataDir: string | undefined): string | Buffer {
  if (secret !== '') return secret;
  if (dataDir === undefined) return randomBytes(32);
  const file = path.join(dataDir, TOKEN_KEY_FILE_NAME);
  mkdirSync(dataDir, { recursive: true });
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SocbotError(
      'CONFIG_INVALID',
      `Cannot read the Web Chat token key ${file}: ${(error as Error).message}. Give socbot's user read access to it.`,
      { file },
    );
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
