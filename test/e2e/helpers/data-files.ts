import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ALERTS_DIR_NAME } from '../../../src/store/alert-register';

/** The text of every JSON data file socbot keeps: the data directory's own and the alert files. */
export async function jsonDataFiles(dataDir: string): Promise<string[]> {
  const folders = [dataDir, path.join(dataDir, ALERTS_DIR_NAME)];
  const files: string[] = [];
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => []);
    files.push(...names.filter((name) => name.endsWith('.json')).map((name) => path.join(folder, name)));
  }
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}
