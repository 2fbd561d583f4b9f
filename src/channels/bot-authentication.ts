import { ConfigurationBotFrameworkAuthentication, type CloudAdapter } from 'botbuilder';
import type { Config } from '../config';
import { ReusingBotAuthentication } from './reusing-bot-authentication';

/** The SDK's authentication contract (botframework-connector's BotFrameworkAuthentication), as CloudAdapter takes it. */
export type BotAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** What a successful authentication yields; the adapter runs the turn with it. */
export type AuthenticatedRequest = Awaited<ReturnType<BotAuthentication['authenticateRequest']>>;

/** Test settings: where the SDK fetches OpenID metadata (a loopback stand-in instead of login.botframework.com). */
export interface AuthenticationOverrides {
  openIdMetadataUrl?: string;
}

/**
 * Bot Framework authentication from the standard environment names, reusing its HTTP clients
 * across turns (see ReusingBotAuthentication). With no MicrosoftAppId,
 * authentication is off (the SDK accepts anonymous requests): for a local bot on loopback only.
 *
 * @example
 *   const auth = createBotAuthentication(loadConfig().botAuth);
 */
export function createBotAuthentication(
  botAuth: Config['botAuth'],
  overrides: AuthenticationOverrides = {},
): BotAuthentication {
  const sdk = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: botAuth.appId,
    MicrosoftAppPassword: botAuth.appPassword,
    MicrosoftAppType: botAuth.appType,
    MicrosoftAppTenantId: botAuth.tenantId,
    ...(overrides.openIdMetadataUrl ? publicCloudWithMetadataAt(overrides.openIdMetadataUrl) : {}),
  });
  return new ReusingBotAuthentication(sdk);
}

/**
 * The SDK takes setting any endpoint as "all endpoints are given", so moving the metadata URL means
 * restating the public cloud's other endpoints (botframework-connector's AuthenticationConstants).
 */
function publicCloudWithMetadataAt(url: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: url,
    ToBotFromEmulatorOpenIdMetadataUrl: url,
    CallerId: 'urn:botframework:azure',
  };
}
