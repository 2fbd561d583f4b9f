import { CloudAdapter, type Activity, type ConversationReference } from 'botbuilder';
import type { Config } from '../config';
import { IntegrationError } from '../integrations/integration-error';
import type { ProactiveSender } from '../integrations/notify/proactive-sender';
import { createBotAuthentication } from './bot-authentication';

/** Delivers a message into a conversation of a channel that runs inside this process. */
export type InProcessDelivery = (
  reference: ConversationReference,
  activity: Partial<Activity>,
) => Promise<void>;

/** Where the stored conversation references come from. */
export interface ConversationReferences {
  reference(key: string): Promise<ConversationReference | undefined>;
}

const SERVICE = 'proactive';

/**
 * socbot's ProactiveSender: writes into a conversation outside a turn, by the conversation
 * reference stored at the conversation's last turn.
 *
 * - Bot Framework channels (Teams, the Emulator): the adapter's `continueConversationAsync`, which
 *   posts to the reference's serviceUrl (with the bot's token when MicrosoftAppId is set; without
 *   authentication it works offline against any serviceUrl, e.g. a connector stand-in).
 * - Channels inside this process (the built-in Direct Line of Web Chat, the `socbot chat` console)
 *   have no connector to post to: they `attach` a delivery for their placeholder serviceUrl.
 *
 * @example
 *   const sender = new ProactiveMessenger(directory, config.botAuth);
 *   sender.attach(DIRECTLINE_SERVICE_URL, async (reference, activity) => void conversations.append(reference.conversation.id, activity));
 *   await sender.send('msteams/19:abc', { type: 'message', text: 'Ticket INC0010001 created.' });
 */
export class ProactiveMessenger implements ProactiveSender {
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

  async send(conversationKey: string, activity: Partial<Activity>): Promise<void> {
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
    await this.adapter.continueConversationAsync(this.botAuth.appId, reference, async (context) => {
      await context.sendActivity(activity);
    });
  }
}
