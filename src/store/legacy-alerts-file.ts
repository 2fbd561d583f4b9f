import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { isAlertRecord } from './alert-record';
import type { AlertRecord } from './alert-register';
import { corrupt, isPlainObject } from './data-file';

/** Where socbot up to format 2 of the data directory kept all registered alerts, in one file. */
export const LEGACY_ALERTS_FILE_NAME = 'alerts.json';

/** What the old file is renamed to once its alerts are imported, so it is imported only once. */
export const IMPORTED_ALERTS_FILE_NAME = 'alerts.json.imported';

/**
 * Imports the alerts of an old `<dataDir>/alerts.json` (`{ alerts: AlertRecord[] }`) through
 * `saveAll` (which must skip an alert whose reference already has a file: an import cut short by a
 * crash is simply run again), then renames the file. The alerts keep their references, so what
 * analysts were told stays valid, and numbering carries on after them.
 * A file that cannot be read fails with STORAGE_CORRUPT and is left as it is.
 */
export async function importLegacyAlertsFile(
  dataDir: string,
  saveAll: (records: AlertRecord[]) => Promise<void>,
): Promise<void> {
  const file = path.join(dataDir, LEGACY_ALERTS_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, error instanceof Error ? error.message : String(error), error);
  }
  if (!isPlainObject(data) || !Array.isArray(data.alerts)) {
    throw corrupt(file, 'its content does not have the expected shape');
  }
  const records: unknown[] = data.alerts;
  const invalid = records.findIndex((record) => !isAlertRecord(record));
  if (invalid >= 0) throw corrupt(file, `the alert at position ${invalid + 1} is not a registered alert`);
  await saveAll(records as AlertRecord[]);
  try {
    await rename(file, path.join(dataDir, IMPORTED_ALERTS_FILE_NAME));
  } catch (error) {
    // Another process (the CLI next to the bot) imported and renamed it at the same time.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
