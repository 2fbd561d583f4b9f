import { ConfigurationBotFrameworkAuthentication, type CloudAdapter } from 'botbuilder';
import type { Config } from '../config';

/**
 * The SDK's authentication contract (botframework-connector's BotFrameworkAuthentication), named
 * through botbuilder so that socbot depends on botbuilder alone.
 */
export type BotAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** What a successful authentication yields; the adapter runs the turn with it. */
export type AuthenticatedRequest = Awaited<ReturnType<BotAuthentication['authenticateRequest']>>;

/** Test settings: where the SDK fetches OpenID metadata (a loopback stand-in instead of login.botframework.com). */
export interface AuthenticationOverrides {
  openIdMetadataUrl?: string;
}

/**
 * Bot Framework authentication from the standard environment names. With no MicrosoftAppId,
 * authentication is off (the SDK accepts anonymous requests): for a local bot on loopback only.
 *
 * @example
 *   const auth = createBotAuthentication(loadConfig().botAuth);
 */
export function createBotAuthentication(
  botAuth: Config['botAuth'],
  overrides: AuthenticationOverrides = {},
): BotAuthentication {
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: botAuth.appId,
    MicrosoftAppPassword: botAuth.appPassword,
    MicrosoftAppType: botAuth.appType,
    MicrosoftAppTenantId: botAuth.tenantId,
    ...(overrides.openIdMetadataUrl ? publicCloudWithMetadataAt(overrides.openIdMetadataUrl) : {}),
  });
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
