import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_RAW_MAIL_BYTES } from '../../../src/mail/parse/mail-limits';
import { readMailFile } from '../../../src/mail/parse/read-mail-file';

describe('readMailFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-mail-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses an .eml file', async () => {
    const mail = await readMailFile(path.join(__dirname, '../../fixtures/mail/plain.eml'));
    expect(mail.messageId).toBe('<plain-0001@mail.example.com>');
  });

  it('refuses a file over the size bound by its size, without reading it', async () => {
    const file = path.join(dir, 'huge.eml');
    const handle = await open(file, 'w');
    await handle.truncate(MAX_RAW_MAIL_BYTES + 1); // sparse: no 25 MB written
    await handle.close();
    await expect(readMailFile(file)).rejects.toMatchObject({ code: 'MAIL_TOO_LARGE' });
  });

  it('says which file is missing', async () => {
    const file = path.join(dir, 'missing.eml');
    await expect(readMailFile(file)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(file),
    });
  });
});
