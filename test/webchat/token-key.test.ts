import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TOKEN_KEY_FILE_NAME, webChatTokenKey } from '../../src/channels/webchat/token-key';

const KEY_HEX = 'ab'.repeat(32);

describe('the Web Chat token key file', () => {
  let dataDir: string;
  let file: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-key-'));
    file = path.join(dataDir, TOKEN_KEY_FILE_NAME);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes a new key readable by its owner only (0600), and reads the same key again', async () => {
    const key = webChatTokenKey('', dataDir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(webChatTokenKey('', dataDir)).toEqual(key);
  });

  it('reads an existing key that only its owner can read (0600 or 0400)', async () => {
    for (const mode of [0o600, 0o400]) {
      await writeFile(file, `${KEY_HEX}\n`);
      await chmod(file, mode);
      expect(webChatTokenKey('', dataDir)).toEqual(Buffer.from(KEY_HEX, 'hex'));
      await rm(file, { force: true });
    }
  });

  it.each([
    ['644', 0o644],
    ['640', 0o640],
    ['604', 0o604],
    ['660', 0o660],
    ['666', 0o666],
  ])(
    'refuses a key with mode %s (others than its owner can read or change it), saying to chmod 600',
    async (_shown, mode) => {
      await writeFile(file, `${KEY_HEX}\n`);
      await chmod(file, mode);
      expect(() => webChatTokenKey('', dataDir)).toThrow(
        expect.objectContaining({
          code: 'KEY_FILE_UNSAFE',
          message: expect.stringContaining(`chmod 600 ${file}`),
        }),
      );
      // Refused, not repaired: whoever could read it may hold the key; the file is left as it was.
      expect((await stat(file)).mode & 0o777).toBe(mode);
      expect((await readFile(file, 'utf8')).trim()).toBe(KEY_HEX);
    },
  );

  it.each([
    ['777', 0o777],
    ['1777 (sticky, like /tmp)', 0o1777],
    ['757', 0o757],
  ])(
    'refuses a data directory with mode %s (anyone may put a key of their own in it), saying to chmod o-w',
    async (_shown, mode) => {
      const shared = path.join(dataDir, 'shared');
      await mkdir(shared);
      await chmod(shared, mode);
      expect(() => webChatTokenKey('', shared)).toThrow(
        expect.objectContaining({
          code: 'DATA_DIR_UNSAFE',
          message: expect.stringContaining(`chmod o-w ${shared}`),
        }),
      );
    },
  );

  it('uses WEBCHAT_SECRET without looking at the data directory', async () => {
    await chmod(dataDir, 0o777);
    expect(webChatTokenKey('a-secret-of-enough-length', dataDir)).toBe('a-secret-of-enough-length');
  });
});
