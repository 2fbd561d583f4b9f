import { existsSync } from 'node:fs';
import path from 'node:path';
import { SocbotError } from '../../errors';

/**
 * Finds a file shipped at the package root (e.g. `vendor/webchat/webchat.js`) from the running code,
 * which sits in `src/…` under ts-node/jest and in `dist/src/…` when compiled.
 *
 * @example
 *   const bundle = findPackageFile('vendor/webchat/webchat.js');
 */
export function findPackageFile(relativePath: string, from: string = __dirname): string {
  let dir = from;
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = path.join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new SocbotError(
    'INTERNAL',
    `${relativePath} is missing from the socbot package (looked upwards from ${from}). ` +
      'Reinstall socbot from a complete checkout; the file is committed to the repository.',
    { relativePath },
  );
}
