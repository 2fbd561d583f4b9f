import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every JSON document in the data files socbot keeps: each `.json` file whole, and each line of a
 * `.jsonl` file (the alert register, the audit trail, the state journal).
 */
export async function jsonDataFiles(dataDir: string): Promise<string[]> {
  const names = await readdir(dataDir).catch(() => []);
  const documents: string[] = [];
  for (const name of names) {
    if (name.endsWith('.json')) documents.push(await readFile(path.join(dataDir, name), 'utf8'));
    if (name.endsWith('.jsonl')) {
      const text = await readFile(path.join(dataDir, name), 'utf8');
      documents.push(...text.split('\n').filter((line) => line !== ''));
    }
  }
  return documents;
}
