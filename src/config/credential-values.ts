import type { Config } from '../config';
import { databasePasswords } from '../db/database-settings';
import { integrationCredentials } from '../integrations/integration-credentials';

/**
 * Every credential value in the configuration, for the logger to scrub from every line
 * (`createLogger({ secrets: credentialValues(config) })`): the Bot Framework password, the Web Chat
 * and SIEM secrets, the metrics token, the shared mailbox's password, the database password, and the integrations' passwords, tokens, keys and
 * signing secrets.
 *
 * @example
 *   const logger = createLogger({ level: config.logLevel, secrets: credentialValues(config) });
 */
export function credentialValues(config: Config): string[] {
  return [
    config.botAuth.appPassword,
    config.webChat.secret,
    config.siem.secret,
    config.metrics.token,
    config.mail.mailbox?.password ?? '',
    ...databasePasswords(config.database),
    ...integrationCredentials(config.integrations),
  ].filter((value) => value !== '');
}
