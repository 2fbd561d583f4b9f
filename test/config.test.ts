import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { isSocbotError, type SocbotError } from '../src/errors';

const SECRET = 'abcdefghijklmnop-secret';
const SRC = path.resolve(__dirname, '../src');

function configError(env: NodeJS.ProcessEnv): SocbotError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isSocbotError(error, 'CONFIG_INVALID')) return error;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

/** The relative imports of a source file, resolved to files under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((match) => {
    const base = path.resolve(path.dirname(file), match[1] ?? '');
    return readFileSafe(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
  });
}

function readFileSafe(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

describe('the configuration tree (loadConfig)', () => {
  it('reads every section once, from one environment, into typed sections', () => {
    const config = loadConfig({
      PORT: '4000',
      SOCBOT_ROLES: 'lead:alice@corp.com',
      SOCBOT_ACK_WAIT_MS: '500',
      TICKETING: 'thehive',
      THEHIVE_URL: 'https://thehive.example.com',
      THEHIVE_API_KEY: 'key',
      WEBCHAT_SECRET: SECRET,
      SIEM_WEBHOOK_SECRET: SECRET,
      BASIS_ACK_SECRET: SECRET,
    });
    expect(config.port).toBe(4000);
    expect(config.access.assignments.get('alice@corp.com')).toEqual(new Set(['lead']));
    expect(config.access.openLocalMode).toBe(false);
    expect(config.sideEffects.ackWindowMs).toBe(500);
    expect(config.integrations.ticketing).toEqual({
      provider: 'thehive',
      url: 'https://thehive.example.com',
      apiKey: 'key',
    });
    expect(config.webChat.secret).toBe(SECRET);
    expect(config.siem.secret).toBe(SECRET);
    expect(config.integrations.basisAckSecret).toBe(SECRET);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports the bad variables of every section in one CONFIG_INVALID, each with how to fix it', () => {
    const error = configError({
      PORT: 'not-a-port',
      WEBCHAT_SECRET: 'short',
      SOCBOT_ROLES: 'boss:alice@corp.com',
      SOCBOT_ACK_WAIT_MS: '60000',
      TICKETING: 'remedy',
    });
    const problems = error.details.problems as string[];
    for (const name of ['PORT', 'WEBCHAT_SECRET', 'SOCBOT_ROLES', 'SOCBOT_ACK_WAIT_MS', 'TICKETING']) {
      expect(problems.some((problem) => problem.includes(name))).toBe(true);
    }
    expect(problems.find((problem) => problem.includes('SOCBOT_ROLES'))).toContain(
      'use one of analyst, lead, basis, engineer',
    );
    expect(error.message).toMatch(
      /^Invalid configuration: .*Fix these environment variables \(see \.env\.example\)\.$/,
    );
  });

  it.each(['SIEM_WEBHOOK_SECRET', 'BASIS_ACK_SECRET', 'WEBCHAT_SECRET'])(
    'stops at start-up when %s is set but short, naming it and how to make a good one',
    (name) => {
      const error = configError({ [name]: 'short' });
      expect(error.details.problems).toEqual([
        `${name}: too short; use at least 16 random characters (\`openssl rand -hex 32\`)`,
      ]);
    },
  );

  it('never echoes a secret in its message', () => {
    const error = configError({ SIEM_WEBHOOK_SECRET: 'hunter2', MicrosoftAppId: 'bot', PORT: 'x' });
    expect(error.message).not.toContain('hunter2');
  });

  it('names a roles file that is no role list, together with the other problems', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-config-'));
    try {
      const rolesFile = path.join(dir, 'roles.json');
      await writeFile(rolesFile, '{"boss": ["alice@corp.com"]}');
      const problems = configError({ SOCBOT_ROLES_FILE: rolesFile, PORT: '-1' }).details.problems as string[];
      expect(problems).toHaveLength(2);
      expect(problems.join(' ')).toContain(`SOCBOT_ROLES_FILE=${rolesFile} is not a role list`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('depends on nothing in src/channels/: the channels read the configuration, not the other way round', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const imported of importsOf(file)) visit(imported);
    };
    visit(path.join(SRC, 'config.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen].filter((file) => file.startsWith(path.join(SRC, 'channels')))).toEqual([]);
  });
});
