import { readFile, stat } from 'node:fs/promises';
import { SocbotError } from '../../errors';
import type { ParsedMail } from '../mail-message';
import { parseMail, refuseTooLarge } from './parse-mail';

/**
 * A mail saved as a file (an .eml), for `socbot mail classify FILE.eml`. The size is checked
 * before the file is read, so a huge file is refused without being loaded.
 *
 * @example
 *   const mail = await readMailFile('suspicious.eml');
 */
export async function readMailFile(file: string): Promise<ParsedMail> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (cause) {
    throw new SocbotError(
      'INPUT_INVALID',
      `${file} cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). Check the path of the .eml file.`,
      { file },
      { cause },
    );
  }
  refuseTooLarge(size, file);
  return parseMail(await readFile(file));
}
