import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ALERTS_FILE_NAME, type AlertRecord } from '../../src/store/alert-register';

/**
 * The alert lines of `<dataDir>/alerts.jsonl` as they are on disk, in file order: what another
 * process reads, not what a register holds in memory. None when the file does not exist yet.
 */
export async function alertsOnDisk(dataDir: string): Promise<AlertRecord[]> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, ALERTS_FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AlertRecord);
}
