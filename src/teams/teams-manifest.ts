import { SocbotError } from '../errors';

/** What `socbot teams-package` puts into the manifest template. */
export interface TeamsManifestValues {
  /** The bot's Microsoft App ID (Azure Bot / Teams Developer Portal registration). */
  botId: string;
  /** The Teams app's own ID; usually the bot ID. */
  appId: string;
  /** The app version (semver); raise it for every package you upload again. */
  version: string;
  /** Domains the app may open inside Teams (e.g. where the Web Chat or a portal is served). */
  validDomains: string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Fills the manifest template: `{{botId}}`, `{{appId}}` and `{{version}}` in any string value,
 * `validDomains` replaced by the given list. Throws CONFIG_INVALID when the bot ID is missing or not
 * a GUID, since Teams would refuse the package later with a vaguer message.
 *
 * @example
 *   const manifest = fillTeamsManifest(template, { botId, appId: botId, version: '0.1.0', validDomains: [] });
 */
export function fillTeamsManifest(template: unknown, values: TeamsManifestValues): Record<string, unknown> {
  if (values.botId === '') {
    throw new SocbotError(
      'CONFIG_INVALID',
      'MicrosoftAppId is not set, so there is no bot ID for the Teams app. Register the bot (Azure Bot or the ' +
        'Teams Developer Portal, see docs/teams.md), then run `MicrosoftAppId=<app id> socbot teams-package`.',
      { reason: 'teams-bot-id-missing' },
    );
  }
  for (const [name, id] of [
    ['MicrosoftAppId', values.botId],
    ['--app-id', values.appId],
  ] as const) {
    if (!GUID.test(id)) {
      throw new SocbotError(
        'CONFIG_INVALID',
        `${name} "${id}" is not a GUID. Use the Application (client) ID of the bot's app registration, ` +
          'e.g. 1b7a6e9c-3f0d-4c59-9f2e-6d8a0b4c2e11.',
        { reason: 'teams-bot-id-invalid' },
      );
    }
  }
  const replacements: Record<string, string> = {
    botId: values.botId,
    appId: values.appId,
    version: values.version,
  };
  const filled = substitute(template, replacements);
  if (typeof filled !== 'object' || filled === null || Array.isArray(filled)) {
    throw new SocbotError('CONFIG_INVALID', 'The Teams manifest template must be a JSON object.', {
      reason: 'teams-manifest',
    });
  }
  return { ...(filled as Record<string, unknown>), validDomains: values.validDomains };
}

function substitute(value: unknown, replacements: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => replacements[name] ?? whole);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, replacements));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, replacements)]),
    );
  }
  return value;
}
