import { BotFrameworkAuthentication } from 'botframework-connector';
import { LRUCache } from 'lru-cache';
import type { BotAuthentication } from './bot-authentication';

type ClaimsIdentity = Parameters<BotAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<BotAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<BotAuthentication['createUserTokenClient']>>;
type AuthenticatedRequest = Awaited<ReturnType<BotAuthentication['authenticateRequest']>>;

/** Distinct bots × channels × audiences kept; a socbot talks to a handful. */
const MAX_CLIENTS = 256;

/**
 * Bot Framework authentication that hands out one connector client per bot, service URL and
 * audience, and one user-token client per bot, instead of new ones on every turn.
 *
 * The SDK's CloudAdapter builds both clients for each activity, and each carries a fresh HTTP
 * pipeline (policies, header sanitizer sets, credentials): most of what a turn allocated, and what
 * made the server's memory climb under load. The clients keep no per-turn state (their credentials
 * cache and renew the token), so reusing them is what botbuilder's older BotFrameworkAdapter did.
 * A client is keyed by everything that went into making it; the rest is delegated unchanged.
 *
 * @example
 *   const adapter = new CloudAdapter(new ReusingBotAuthentication(new ConfigurationBotFrameworkAuthentication(settings)));
 */
export class ReusingBotAuthentication extends BotFrameworkAuthentication {
  private readonly connectorClients = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_CLIENTS });
  private readonly userTokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: MAX_CLIENTS });

  constructor(private readonly inner: BotAuthentication) {
    super();
  }

  async authenticateRequest(
    ...args: Parameters<BotAuthentication['authenticateRequest']>
  ): Promise<AuthenticatedRequest> {
    const result = await this.inner.authenticateRequest(...args);
    const factory = result.connectorFactory;
    return factory ? { ...result, connectorFactory: this.reusing(result.claimsIdentity, factory) } : result;
  }

  authenticateStreamingRequest(
    ...args: Parameters<BotAuthentication['authenticateStreamingRequest']>
  ): Promise<AuthenticatedRequest> {
    return this.inner.authenticateStreamingRequest(...args);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(claimsIdentity, this.inner.createConnectorFactory(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.cached(this.userTokenClients, appIdOf(claimsIdentity) ?? '', () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
  }

  override createBotFrameworkClient(): ReturnType<BotAuthentication['createBotFrameworkClient']> {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  /** The factory, with `create` answered from the cache for this bot's app id. */
  private reusing(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity) ?? '';
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.cached(this.connectorClients, JSON.stringify([appId, serviceUrl, audience ?? null]), () =>
          factory.create(serviceUrl, audience),
        ),
    };
  }

  private cached<T>(cache: LRUCache<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    const known = cache.get(key);
    if (known) return known;
    const made = make();
    cache.set(key, made);
    // A failure (credentials not reachable) must not stick: the next turn tries again.
    made.catch(() => {
      if (cache.get(key) === made) cache.delete(key);
    });
    return made;
  }
}

/** The bot's app id as the SDK derives it: the audience claim from channels, `appid` from the Emulator. */
function appIdOf(claimsIdentity: ClaimsIdentity): string | undefined {
  return claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? undefined;
}
