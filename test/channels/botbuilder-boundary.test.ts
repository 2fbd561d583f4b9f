import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

/** An import or require of botbuilder, botbuilder-* or botframework-* (static, dynamic or type-only). */
const BOTBUILDER_IMPORT =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](botbuilder|botframework-)[^'"]*['"]/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return Promise.resolve(entry.name.endsWith('.ts') ? [full] : []);
    }),
  );
  return nested.flat();
}

/** The README's claim: botbuilder stays at the channel edge (src/channels/). */
describe('the channel edge owns botbuilder', () => {
  it('no file outside src/channels/ imports botbuilder, botbuilder-* or botframework-*', async () => {
    const files = await sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      const relative = path.relative(SRC, file).split(path.sep).join('/');
      if (relative.startsWith('channels/')) continue;
      if (BOTBUILDER_IMPORT.test(await readFile(file, 'utf8'))) offenders.push(relative);
    }
    expect(offenders).toEqual([]);
  });

  it('recognizes the import forms it looks for', () => {
    for (const line of [
      "import { TurnContext } from 'botbuilder';",
      "import type { Activity } from 'botframework-schema';",
      "import { DialogSet } from 'botbuilder-dialogs';",
      "const { TeamsInfo } = require('botbuilder');",
      "await import('botbuilder-core');",
      "import 'botbuilder';",
    ])
      expect(BOTBUILDER_IMPORT.test(line)).toBe(true);
    expect(BOTBUILDER_IMPORT.test("import { say } from './bot-reply'; // botbuilder-free")).toBe(false);
  });
});
