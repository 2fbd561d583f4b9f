import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { isAlertRecord, parseRef } from './alert-record';
import type { AlertRecord } from './alert-register';
import { corrupt } from './data-file';

/** Where the socbot of data format 3 kept the alert register: a file per alert, `<ref>.json`. */
export const LEGACY_ALERTS_DIR_NAME = 'alerts';

/** What that folder is renamed to once its alerts are imported, so it is imported only once. */
export const IMPORTED_ALERTS_DIR_NAME = 'alerts.imported';

/** The alerts of an old `alerts/` folder, and the references of record files moved aside there. */
export interface LegacyAlertsFolder {
  records: AlertRecord[];
  /** `SOC-2026-0005` for `SOC-2026-0005.json.corrupt`: numbered an alert once, never handed out again. */
  movedAside: string[];
}

/**
 * Reads `<dataDir>/alerts/`, or undefined when there is none. A record file that is not the alert
 * it is named after fails with STORAGE_CORRUPT naming it, and nothing is imported.
 */
export async function readLegacyAlertsFolder(dataDir: string): Promise<LegacyAlertsFolder | undefined> {
  const folder = path.join(dataDir, LEGACY_ALERTS_DIR_NAME);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  const records: AlertRecord[] = [];
  const movedAside: string[] = [];
  for (const name of names) {
    // Hidden names are temp files of a write a crash cut short: never an alert.
    if (name.startsWith('.')) continue;
    if (!name.endsWith('.json')) {
      // `SOC-2026-0005.json.corrupt`; anything else there (a README, desktop.ini) never numbered an alert.
      const ref = name.split('.')[0] ?? '';
      if (parseRef(ref)) movedAside.push(ref);
      continue;
    }
    const ref = name.slice(0, -'.json'.length);
    const file = path.join(folder, name);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw corrupt(file, error instanceof Error ? error.message : String(error), error);
    }
    if (!isAlertRecord(data) || data.ref !== ref) {
      throw corrupt(
        file,
        `it is not the registered alert ${ref} (the file name must be the alert's reference)`,
      );
    }
    records.push(data);
  }
  return { records, movedAside };
}

/** Renames the imported folder; another process (the CLI next to the bot) may have done it already. */
export async function retireLegacyAlertsFolder(dataDir: string): Promise<void> {
  try {
    await rename(path.join(dataDir, LEGACY_ALERTS_DIR_NAME), path.join(dataDir, IMPORTED_ALERTS_DIR_NAME));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
