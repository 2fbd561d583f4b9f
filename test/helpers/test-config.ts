import { accessConfigOf } from '../../src/access/access-config';
import type { AppSettings } from '../../src/app/app-settings';
import { loadConfig, type BotAuthConfig, type Config } from '../../src/config';
import type { WebChatConfig } from '../../src/config/webchat-settings';
import type { IntegrationConfig } from '../../src/integrations/integration-config';

/** What a test may set: any top-level value, and any part of a section (the rest keeps its default). */
export type ConfigOverrides = Partial<
  Omit<Config, 'botAuth' | 'webChat' | 'sideEffects' | 'integrations' | 'siem'>
> & {
  botAuth?: Partial<BotAuthConfig>;
  webChat?: Partial<WebChatConfig>;
  sideEffects?: Partial<AppSettings>;
  integrations?: Partial<IntegrationConfig>;
  siem?: { secret: string };
};

/** The embedded defaults as `loadConfig({})` gives them, on a free port of 127.0.0.1. */
const DEFAULTS: Config = loadConfig({ PORT: '0', HOST: '127.0.0.1' });

/**
 * A typed configuration for tests that are about something other than reading the environment:
 * the embedded defaults with the given values and section parts laid over them.
 *
 * @example
 *   const config = testConfig({ dataDir, access: accessConfigOf({ lead: ['user1'] }) });
 *   const app = createApp({ config, logger });
 */
export function testConfig(overrides: ConfigOverrides = {}): Config {
  return {
    ...DEFAULTS,
    ...overrides,
    botAuth: { ...DEFAULTS.botAuth, ...overrides.botAuth },
    webChat: { ...DEFAULTS.webChat, ...overrides.webChat },
    sideEffects: { ...DEFAULTS.sideEffects, ...overrides.sideEffects },
    integrations: { ...DEFAULTS.integrations, ...overrides.integrations },
    siem: { ...DEFAULTS.siem, ...overrides.siem },
    access: overrides.access ?? accessConfigOf({}),
  };
}
