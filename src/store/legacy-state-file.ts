import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { corrupt, isPlainObject } from './data-file';
import type { StoredStateItem } from './lowdb-storage';

/** Where socbot up to format 2 of the data directory kept all state items, in one file. */
export const LEGACY_STATE_FILE_NAME = 'state.json';

/** What the old file is renamed to once its items are imported, so it is imported only once. */
export const IMPORTED_STATE_FILE_NAME = 'state.json.imported';

/**
 * Imports the items of an old `<dataDir>/state.json` through `save` (which must not overwrite an
 * item that already exists: an import cut short by a crash is simply run again), then renames the
 * file. Conversations in progress during an upgrade carry on where they were.
 * A file that cannot be read fails with STORAGE_CORRUPT and is left as it is.
 */
export async function importLegacyStateFile(
  dataDir: string,
  save: (item: StoredStateItem) => Promise<void>,
): Promise<void> {
  const file = path.join(dataDir, LEGACY_STATE_FILE_NAME);
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
  if (!isPlainObject(data) || !isPlainObject(data.items)) {
    throw corrupt(file, 'its content does not have the expected shape');
  }
  for (const [key, item] of Object.entries(data.items)) {
    if (!isPlainObject(item) || typeof item.eTag !== 'string' || !isPlainObject(item.value)) {
      throw corrupt(file, `the item "${key}" has no eTag and value`);
    }
    await save({ key, eTag: item.eTag, value: item.value });
  }
  await rename(file, path.join(dataDir, IMPORTED_STATE_FILE_NAME));
}
