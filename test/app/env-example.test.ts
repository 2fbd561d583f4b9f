import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The files whose zod schemas read the environment: the sections of the one configuration tree. */
const SCHEMA_FILES = [
  'src/config.ts',
  'src/config/webchat-settings.ts',
  'src/integrations/integration-config.ts',
  'src/integrations/enrichment/enrichment-config.ts',
  'src/integrations/triage/triage-config.ts',
  'src/app/app-settings.ts',
  'src/app/escalation-settings.ts',
];
/** The only other files that read `env.X`: the roles section (with its approval policy), and the CLI (for SOCBOT_DEBUG, USER, MicrosoftAppId). */
const DIRECT_READS = [
  'src/access/access-config.ts',
  'src/access/approval-policy.ts',
  'src/cli/main.ts',
  'src/cli/commands/chat.ts',
  'src/cli/commands/outbox.ts',
  'src/cli/commands/teams-package.ts',
];
/** Reads Node's own UV_THREADPOOL_SIZE, not a socbot setting. */
const NODE_SETTINGS = ['src/channels/thread-pool.ts'];
/** Read from the environment but not socbot settings. */
const NOT_SETTINGS = new Set(['USER']);

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** Every .ts file under `dir`, relative to the repository root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

describe('.env.example', () => {
  const documented = new Set(
    read('.env.example')
      .split('\n')
      .map((line) => /^([A-Za-z][A-Za-z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );

  it('lists every variable socbot reads', () => {
    const fromSchemas = SCHEMA_FILES.flatMap((file) =>
      [...read(file).matchAll(/^\s+([A-Z][A-Za-z0-9_]+): /gm)].map((match) => match[1] ?? ''),
    );
    const direct = DIRECT_READS.flatMap((file) =>
      [...read(file).matchAll(/\benv\.([A-Z][A-Za-z0-9_]+)/g)].map((match) => match[1] ?? ''),
    );
    const read_ = [...new Set([...fromSchemas, ...direct])].filter((name) => !NOT_SETTINGS.has(name));
    expect(read_.length).toBeGreaterThan(45);
    expect(read_.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('is read nowhere else: every other file gets the configuration loaded once at start-up', () => {
    const allowed = new Set([...SCHEMA_FILES, ...DIRECT_READS, ...NODE_SETTINGS]);
    const code = (file: string): string => read(file).replace(/^\s*(\/\/|\*).*$/gm, '');
    const readers = sourceFiles('src').filter((file) =>
      /process\.env\b|(?<![\w.])env\.[A-Za-z]|(?<![\w.])env\[/.test(code(file)),
    );
    expect(readers.length).toBeGreaterThan(3);
    expect(readers.filter((file) => !allowed.has(file))).toEqual([]);
  });

  it('contains the integrations fragment as it is', () => {
    expect(read('.env.example')).toContain(read('src/integrations/env.example.fragment'));
  });
});
