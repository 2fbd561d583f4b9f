import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ALERTS_FILE_NAME, type AlertRecord } from '../../src/store/alert-register';
import { openDataStore } from '../../src/store/data-store';

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

/**
 * The alerts as `socbot alerts` lists them, read by a register opened for this and closed again
 * (a register left open holds its file handle until garbage collection).
 */
export async function registeredAlerts(dataDir: string): Promise<AlertRecord[]> {
  const alerts = openDataStore(dataDir).alerts;
  try {
    return await alerts.list();
  } finally {
    await alerts.close();
  }
}
