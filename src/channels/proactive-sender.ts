import { CloudAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Config } from '../config';
import { IntegrationError } from '../integrations/integration-error';
import type {
  ChannelThreads,
  DeliveryOptions,
  ProactiveDelivery,
  ProactiveMessage,
  StartedThread,
} from '../integrations/notify/proactive-delivery';
import type { ConversationAddress } from '../store/conversation-address';
import { createBotAuthentication } from './bot-authentication';

/** Delivers a message into a conversation of a channel that runs inside this process. */
export type InProcessDelivery = (
  reference: ConversationReference,
  activity: Partial<Activity>,
) => Promise<void>;

/** Where the stored conversation references come from, and where a new conversation is remembered. */
export interface ConversationReferences {
  reference(key: string): Promise<ConversationReference | undefined>;
  /** Stores a conversation's address; returns its key (ConversationDirectoryStore.remember). */
  remember(address: ConversationAddress): Promise<string>;
}

const SERVICE = 'proactive';

/**
 * socbot's ProactiveDelivery: writes into a conversation outside a turn, by the conversation
 * reference stored at the conversation's last turn. The only place a proactive message meets
 * botbuilder: it turns socbot's message into an activity and the connector's answer into an
 * `IntegrationError` (404/403/401 not retryable for that conversation; 5xx, 429, network retryable).
 *
 * - Bot Framework channels (Teams, the Emulator): the adapter's `continueConversationAsync`, which
 *   posts to the reference's serviceUrl (with the bot's token when MicrosoftAppId is set; without
 *   authentication it works offline against any serviceUrl, e.g. a connector stand-in).
 * - Channels inside this process (the built-in Direct Line of Web Chat, the `socbot chat` console)
 *   have no connector to post to: they `attach` a delivery for their placeholder serviceUrl.
 *
 * The `signal` aborts the connector's HTTP request, so a post the outbox gave up on (timeout,
 * shutdown) cannot land after the next attempt posted the same message again.
 *
 * @example
 *   const sender = new ProactiveMessenger(directory, config.botAuth);
 *   sender.attach(DIRECTLINE_SERVICE_URL, async (reference, activity) => void conversations.append(reference.conversation.id, activity));
 *   await sender.deliver('msteams/19:abc', { text: 'Ticket INC0010001 created.' });
 */
export class ProactiveMessenger implements ProactiveDelivery, ChannelThreads {
  private readonly adapter: CloudAdapter;
  private readonly inProcess = new Map<string, InProcessDelivery>();

  constructor(
    private readonly references: ConversationReferences,
    private readonly botAuth: Config['botAuth'],
  ) {
    this.adapter = new CloudAdapter(createBotAuthentication(botAuth));
  }

  /** Routes conversations whose serviceUrl is `serviceUrl` to `deliver`; returns the detach function. */
  attach(serviceUrl: string, deliver: InProcessDelivery): () => void {
    this.inProcess.set(serviceUrl, deliver);
    return () => {
      if (this.inProcess.get(serviceUrl) === deliver) this.inProcess.delete(serviceUrl);
    };
  }

  async deliver(
    conversationKey: string,
    message: ProactiveMessage,
    options: DeliveryOptions = {},
  ): Promise<void> {
    const { signal } = options;
    const activity: Partial<Activity> = { type: 'message', ...message };
    if (signal?.aborted) throw abortedDelivery(conversationKey);
    const reference = await this.references.reference(conversationKey);
    if (!reference) {
      throw new IntegrationError(
        `socbot has never heard from conversation ${conversationKey}, so it cannot write there. Say anything to the bot in that conversation first.`,
        { service: SERVICE, kind: 'not-found', retryable: false },
      );
    }
    const local = this.inProcess.get(reference.serviceUrl);
    if (local) {
      await local(reference, activity);
      return;
    }
    if (!/^https?:\/\//i.test(reference.serviceUrl)) {
      throw new IntegrationError(
        `Conversation ${conversationKey} belongs to a channel that is not running in this process (${reference.serviceUrl}); the message waits in the audit trail and the outbox.`,
        { service: SERVICE, kind: 'not-found', retryable: false },
      );
    }
    try {
      await this.adapter.continueConversationAsync(this.botAuth.appId, reference, (context) =>
        this.post(context, activity, signal),
      );
    } catch (error) {
      if (signal?.aborted) throw abortedDelivery(conversationKey);
      throw connectorFailure(error, conversationKey);
    }
  }

  /**
   * Starts a reply chain in the Teams channel of `channelKey` (Teams' "create a new conversation
   * thread in a channel"): the connector's `POST {serviceUrl}/v3/conversations` with `isGroup`, the
   * channel's id in `channelData.channel.id` (a channel conversation's id without its
   * `;messageid=…`), the tenant, and `message` as the first post. The new conversation's address is
   * remembered in the conversation directory. Only Bot Framework channels have channels.
   */
  async startThread(
    channelKey: string,
    message: ProactiveMessage,
    options: DeliveryOptions = {},
  ): Promise<StartedThread> {
    const { signal } = options;
    if (signal?.aborted) throw abortedDelivery(channelKey);
    const reference = await this.references.reference(channelKey);
    if (!reference?.conversation?.id) {
      throw new IntegrationError(
        `socbot has never heard from conversation ${channelKey}, so it cannot start a thread there. Say anything to the bot in that channel first.`,
        { service: SERVICE, kind: 'not-found', retryable: false },
      );
    }
    if (!/^https?:\/\//i.test(reference.serviceUrl ?? '') || this.inProcess.has(reference.serviceUrl ?? '')) {
      throw new IntegrationError(
        `Conversation ${channelKey} is not a Teams channel (${reference.channelId}), so no reply chain can be started there. Register the SOC channel in Teams ("register this channel for soc alerts").`,
        { service: SERVICE, kind: 'rejected', retryable: false },
      );
    }
    const channelId = reference.conversation.id.split(';')[0] ?? reference.conversation.id;
    const tenantId = reference.conversation.tenantId;
    let created: { id: string; serviceUrl?: string } | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAuth.appId, reference, async (context) => {
        const connector = this.connectorOf(context);
        const answer = await connector.conversations.createConversation(
          {
            isGroup: true,
            bot: reference.bot ?? { id: this.botAuth.appId, name: 'socbot' },
            ...(tenantId ? { tenantId } : {}),
            channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
            activity: { type: 'message', ...message } as Activity,
          },
          signal ? { abortSignal: signal } : {},
        );
        created = { id: answer.id, ...(answer.serviceUrl ? { serviceUrl: answer.serviceUrl } : {}) };
      });
    } catch (error) {
      if (signal?.aborted) throw abortedDelivery(channelKey);
      throw connectorFailure(error, channelKey);
    }
    if (!created?.id) {
      throw new IntegrationError(
        `The connector created a conversation in ${channelKey} but named no id for it; socbot cannot write there.`,
        { service: SERVICE, kind: 'rejected', retryable: false },
      );
    }
    const { user: _user, activityId: _activityId, ...channel } = reference;
    const address = {
      ...channel,
      serviceUrl: created.serviceUrl ?? reference.serviceUrl,
      conversation: { ...reference.conversation, id: created.id },
    } as ConversationAddress;
    return { conversationKey: await this.references.remember(address), address };
  }

  private connectorOf(context: TurnContext): ConnectorClient {
    const connector = context.turnState.get<ConnectorClient | undefined>(this.adapter.ConnectorClientKey);
    if (!connector) {
      throw new IntegrationError(
        'The Bot Framework adapter gave no connector client for a proactive message; check the botbuilder version socbot was built with.',
        { service: SERVICE, kind: 'unavailable', retryable: true },
      );
    }
    return connector;
  }

  /**
   * What `context.sendActivity` does for one activity, with the signal passed to the connector
   * client: sendActivity has no way to take one, and a post that cannot be aborted outlives the
   * attempt that made it.
   */
  private async post(
    context: TurnContext,
    activity: Partial<Activity>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const outgoing = TurnContext.applyConversationReference(
      { ...activity },
      TurnContext.getConversationReference(context.activity),
    );
    const connector = this.connectorOf(context);
    const requestOptions = signal ? { abortSignal: signal } : {};
    const conversationId = outgoing.conversation?.id;
    if (!conversationId) {
      throw new IntegrationError(
        'The stored conversation reference names no conversation id, so the connector cannot be told where to post. Say anything to the bot in that conversation to store it again.',
        { service: SERVICE, kind: 'rejected', retryable: false },
      );
    }
    if (outgoing.replyToId) {
      await connector.conversations.replyToActivity(
        conversationId,
        outgoing.replyToId,
        outgoing,
        requestOptions,
      );
    } else {
      await connector.conversations.sendToConversation(conversationId, outgoing, requestOptions);
    }
  }
}

/** The attempt this post belonged to was cut off (timeout, shutdown); a later attempt tries again. */
function abortedDelivery(conversationKey: string): IntegrationError {
  return new IntegrationError(
    `The message to conversation ${conversationKey} was cut off (the attempt timed out or socbot is stopping); socbot will try again.`,
    { service: SERVICE, kind: 'aborted', retryable: true },
  );
}

/**
 * The connector's answer as an IntegrationError. Only the HTTP status is kept: the library's
 * messages and request objects may quote the bot's token.
 */
function connectorFailure(error: unknown, conversationKey: string): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  const statusPart = typeof status === 'number' ? { status } : {};
  if (status === 404) {
    return new IntegrationError(
      `Teams no longer knows conversation ${conversationKey} (404): the bot was removed from it or it was deleted. Register the channel again.`,
      { service: SERVICE, kind: 'not-found', retryable: false, status },
    );
  }
  if (status === 401 || status === 403) {
    return new IntegrationError(
      `Teams refused the bot in conversation ${conversationKey} (${status}): check MicrosoftAppId and MicrosoftAppPassword, and that the bot is still installed there.`,
      { service: SERVICE, kind: 'auth', retryable: false, status },
    );
  }
  if (status === 429) {
    return new IntegrationError(
      `Teams asked socbot to slow down (429) in conversation ${conversationKey}; socbot will try again.`,
      {
        service: SERVICE,
        kind: 'rate-limited',
        retryable: true,
        status,
      },
    );
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408) {
    return new IntegrationError(
      `The connector refused the message for conversation ${conversationKey} (${status}); sending it again will not help.`,
      { service: SERVICE, kind: 'rejected', retryable: false, status },
    );
  }
  return new IntegrationError(
    `Conversation ${conversationKey} did not take the message${typeof status === 'number' ? ` (${status})` : ''}; socbot will try again.`,
    {
      service: SERVICE,
      kind: typeof status === 'number' ? 'unavailable' : 'network',
      retryable: true,
      ...statusPart,
    },
  );
}
