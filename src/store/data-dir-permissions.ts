import { statSync } from 'node:fs';
import { SocbotError } from '../errors';

/**
 * Refuses (DATA_DIR_UNSAFE) a data directory every user of the host may write to. Refused rather
 * than warned about: anyone could put a token key of their own there before socbot creates one
 * (and sign Web Chat tokens for any analyst) or change socbot's state; a start-up warning is easy
 * to miss and the fix is one chmod. The sticky bit (/tmp) does not help: it stops others from
 * replacing socbot's files, not from creating them first. Not checked on Windows (no mode bits).
 *
 * @example
 *   assertDataDirNotWorldWritable('./data'); // throws for a directory with mode 777 or 1777
 */
export function assertDataDirNotWorldWritable(dataDir: string): void {
  if (process.platform === 'win32') return;
  const { mode } = statSync(dataDir);
  if ((mode & 0o002) === 0) return;
  throw new SocbotError(
    'DATA_DIR_UNSAFE',
    `The data directory ${dataDir} is writable by every user (mode ${octalMode(mode)}): anyone on this host ` +
      `could put files of their own in it, such as a Web Chat token key. Run \`chmod o-w ${dataDir}\` ` +
      '(socbot needs no more than 700), or set SOCBOT_DATA_DIR to a directory of its own.',
    { dir: dataDir },
  );
}

/** `mode` as `ls -l`'s chmod would take it: 644, 1777. */
export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8);
}
