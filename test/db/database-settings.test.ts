import { loadConfig } from '../../src/config';
import { credentialValues } from '../../src/config/credential-values';
import { redactedDatabaseUrl } from '../../src/db/database-settings';
import { isSocbotError } from '../../src/errors';

describe('the database section of the configuration', () => {
  it('is undefined on the embedded defaults: every store stays a file', () => {
    expect(loadConfig({}).database).toBeUndefined();
  });

  it('reads SOCBOT_DATABASE_URL and the pool size, and treats the password as a credential', () => {
    const config = loadConfig({
      SOCBOT_DATABASE_URL: 'postgres://socbot:p%40ss%20word@db.example.com:5432/socbot',
      SOCBOT_DATABASE_POOL: '20',
    });
    expect(config.database).toEqual({
      url: 'postgres://socbot:p%40ss%20word@db.example.com:5432/socbot',
      poolSize: 20,
      turnLockLingerMs: 5,
    });
    expect(credentialValues(config)).toContain('p@ss word');
    expect(redactedDatabaseUrl(config.database!.url)).toBe(
      'postgres://socbot:***@db.example.com:5432/socbot',
    );
  });

  it('treats a password given as a URL parameter as a credential too, and hides it', () => {
    const config = loadConfig({
      SOCBOT_DATABASE_URL: 'postgres://socbot@db/socbot?password=s3cret&sslmode=require',
    });
    expect(credentialValues(config)).toContain('s3cret');
    const shown = redactedDatabaseUrl(config.database!.url);
    expect(shown).not.toContain('s3cret');
    expect(shown).toContain('sslmode=require');
  });

  it('reads how long a turn lock lingers, 0 included (release at once)', () => {
    const linger = (value: string): number | undefined =>
      loadConfig({ SOCBOT_DATABASE_URL: 'postgres://db/socbot', SOCBOT_TURN_LOCK_LINGER_MS: value }).database
        ?.turnLockLingerMs;
    expect(linger('0')).toBe(0);
    expect(linger('20')).toBe(20);
  });

  it('refuses a linger that is not a whole number of milliseconds up to 100, saying what to set', () => {
    for (const value of ['-1', '2.5', '101', 'soon']) {
      let error: unknown;
      try {
        loadConfig({ SOCBOT_DATABASE_URL: 'postgres://db/socbot', SOCBOT_TURN_LOCK_LINGER_MS: value });
      } catch (caught) {
        error = caught;
      }
      expect(isSocbotError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(/SOCBOT_TURN_LOCK_LINGER_MS.*0 .*to 100/s);
    }
  });

  it('refuses a URL that is not PostgreSQL and a bad pool size, naming both and how to fix them', () => {
    let error: unknown;
    try {
      loadConfig({ SOCBOT_DATABASE_URL: 'mysql://db/socbot', SOCBOT_DATABASE_POOL: '1' });
    } catch (caught) {
      error = caught;
    }
    expect(isSocbotError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/SOCBOT_DATABASE_URL.*postgres:\/\//s);
    expect((error as Error).message).toMatch(/SOCBOT_DATABASE_POOL.*2 to 100/s);
  });
});
