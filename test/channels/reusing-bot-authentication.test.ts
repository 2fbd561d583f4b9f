import type { ConnectorFactory } from 'botframework-connector';
import {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  MicrosoftAppCredentials,
  type AuthenticateRequestResult,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { ReusingBotAuthentication } from '../../src/channels/reusing-bot-authentication';

/** The SDK's contract with counters: what the adapter would otherwise build on every turn. */
class CountingAuthentication extends BotFrameworkAuthentication {
  connectorClientsMade = 0;
  userTokenClientsMade = 0;
  failNextConnector = false;

  authenticateRequest(activity: Activity): Promise<AuthenticateRequestResult> {
    const claimsIdentity = new ClaimsIdentity([{ type: 'aud', value: activity.recipient.id }], true);
    return Promise.resolve({
      audience: 'https://api.botframework.com',
      callerId: 'urn:botframework:azure',
      claimsIdentity,
      connectorFactory: this.createConnectorFactory(claimsIdentity),
    });
  }

  authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return Promise.reject(new Error('not used'));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = claimsIdentity.getClaimValue('aud') ?? '';
    const create = (serviceUrl: string): Promise<ConnectorClient> => {
      this.connectorClientsMade += 1;
      if (this.failNextConnector) {
        this.failNextConnector = false;
        return Promise.reject(new Error('credentials unreachable'));
      }
      return Promise.resolve(
        new ConnectorClient(new MicrosoftAppCredentials(appId, 'secret'), { baseUri: serviceUrl }),
      );
    };
    return { create };
  }

  createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokenClientsMade += 1;
    return Promise.resolve({ appId: 'token-client' } as unknown as UserTokenClient);
  }
}

function activity(botId: string, serviceUrl: string): Activity {
  return { type: 'message', recipient: { id: botId }, serviceUrl } as unknown as Activity;
}

async function turn(
  auth: ReusingBotAuthentication,
  botId: string,
  serviceUrl: string,
): Promise<ConnectorClient> {
  const result = await auth.authenticateRequest(activity(botId, serviceUrl), 'Bearer x');
  const client = await result.connectorFactory?.create(serviceUrl, result.audience);
  await auth.createUserTokenClient(result.claimsIdentity);
  if (!client) throw new Error('no connector client');
  return client;
}

describe('ReusingBotAuthentication', () => {
  it('reuses one connector client and one user-token client across turns of the same bot and channel', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingBotAuthentication(inner);
    const first = await turn(auth, 'bot-a', 'https://smba.example/emea/');
    const second = await turn(auth, 'bot-a', 'https://smba.example/emea/');
    expect(second).toBe(first);
    expect(inner.connectorClientsMade).toBe(1);
    expect(inner.userTokenClientsMade).toBe(1);
  });

  it('keeps clients apart per bot app id and per service URL', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingBotAuthentication(inner);
    const emea = await turn(auth, 'bot-a', 'https://smba.example/emea/');
    const amer = await turn(auth, 'bot-a', 'https://smba.example/amer/');
    const otherBot = await turn(auth, 'bot-b', 'https://smba.example/emea/');
    expect(new Set([emea, amer, otherBot]).size).toBe(3);
    expect(amer.credentials).toMatchObject({ appId: 'bot-a' });
    expect(otherBot.credentials).toMatchObject({ appId: 'bot-b' });
    expect(inner.userTokenClientsMade).toBe(2);
  });

  it('does not keep a failed client: the next turn builds one again', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingBotAuthentication(inner);
    inner.failNextConnector = true;
    await expect(turn(auth, 'bot-a', 'https://smba.example/emea/')).rejects.toThrow(
      'credentials unreachable',
    );
    await expect(turn(auth, 'bot-a', 'https://smba.example/emea/')).resolves.toBeInstanceOf(ConnectorClient);
    expect(inner.connectorClientsMade).toBe(2);
  });

  it('reuses clients for proactive messages too (createConnectorFactory)', async () => {
    const inner = new CountingAuthentication();
    const auth = new ReusingBotAuthentication(inner);
    const identity = new ClaimsIdentity([{ type: 'aud', value: 'bot-a' }], true);
    const first = await auth.createConnectorFactory(identity).create('https://smba.example/emea/');
    const second = await auth.createConnectorFactory(identity).create('https://smba.example/emea/');
    expect(second).toBe(first);
  });
});
