import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The files whose zod schemas read the environment, and where else `env.X` is read directly. */
const SCHEMA_FILES = [
  'src/config.ts',
  'src/channels/webchat/webchat-config.ts',
  'src/integrations/integration-config.ts',
  'src/app/app-settings.ts',
];
const DIRECT_READS = ['src/access/access-config.ts', 'src/app/socbot-routes.ts', 'src/cli/main.ts'];
/** Read from the environment but not socbot settings. */
const NOT_SETTINGS = new Set(['USER']);

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
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

  it('contains the integrations fragment as it is', () => {
    expect(read('.env.example')).toContain(read('src/integrations/env.example.fragment'));
  });
});
