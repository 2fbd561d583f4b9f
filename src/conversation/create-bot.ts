import { ActivityTypes, CardFactory, type Activity, type TurnContext } from 'botbuilder';
import { asSocbotError, isSocbotError } from '../errors';
import type { Logger } from '../logger';
import type { Recognizer } from '../nlu/types';
import { loadSkillRegistry, type SkillRegistry } from '../skills/skill-registry';
import { openDataStore } from '../store/data-store';
import type { BotReply } from './bot-reply';
import { readCardSubmit } from './confirmation-card';
import { ConversationMemoryStore } from './conversation-memory-store';
import { handleTurn } from './router';
import type { ConversationServices, Turn } from './turn';

/** Longest message the bot reads; longer ones are refused with an explanation, state untouched. */
export const MAX_MESSAGE_LENGTH = 4000;

/** What {@link createBot} needs; the server and `socbot chat` pass the same. */
export interface CreateBotOptions {
  /** Where conversation state, the alert register, the review queue and requests live (SOCBOT_DATA_DIR). */
  dataDir: string;
  recognizer: Recognizer;
  logger: Logger;
  /** The skills folder; defaults to the package's skills/ (dist/skills when compiled). */
  skillsDir?: string;
}

/**
 * The bot, ready to plug into a Bot Framework adapter:
 * `adapter.process(req, res, (context) => bot.run(context))`.
 */
export interface SocBot {
  /** Handles one activity (ActivityHandler style). Messages get answers; other activity types are ignored. */
  run(context: TurnContext): Promise<void>;
  /** Waits for pending writes (graceful shutdown). */
  close(): Promise<void>;
  /** The loaded skills (for "what can you do" elsewhere, health checks, the CLI). */
  readonly skills: SkillRegistry;
}

/**
 * Builds the bot: opens the data directory, loads the skills, and answers each message through
 * the router. Conversation memory is stored per conversation with an eTag, so it survives a
 * restart between any two turns, and two turns of one conversation at once cannot overwrite each
 * other.
 *
 * @example
 *   const bot = await createBot({ dataDir: config.dataDir, recognizer, logger });
 *   server.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
 *   process.on('SIGTERM', () => void bot.close());
 */
export async function createBot(options: CreateBotOptions): Promise<SocBot> {
  const { recognizer, logger } = options;
  const skills = await loadSkillRegistry(options.skillsDir);
  const store = openDataStore(options.dataDir);
  const memories = new ConversationMemoryStore(store.storage);
  const services: ConversationServices = {
    registry: skills,
    skillServices: { alerts: store.alerts, basisRequests: store.basisRequests },
    reviews: store.reviews,
    logger,
  };

  async function run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) {
      logger.debug({ type: activity.type }, 'ignored a non-message activity');
      return;
    }
    const text = (activity.text ?? '').trim();
    if (text.length > MAX_MESSAGE_LENGTH) {
      await context.sendActivity(
        `That message is too long for me (${text.length} characters; my limit is ${MAX_MESSAGE_LENGTH}). ` +
          'Nothing was changed. Please send just the essentials: alert ID, terminal, user and system.',
      );
      return;
    }
    const submit = readCardSubmit(activity.value);
    if (!text && !submit) {
      await context.sendActivity('I can only read text messages. Tell me what happened, or say "help".');
      return;
    }
    const conversationId = activity.conversation.id;
    const key = `conversations/${activity.channelId}/${conversationId}`;
    try {
      const { memory, eTag } = await memories.load(key);
      const turn: Turn = {
        text: submit ? '' : text,
        user: { id: activity.from.id, name: activity.from.name || activity.from.id },
        conversationId,
        ...(submit ? { submit } : { recognition: await recognizer.recognize(text) }),
      };
      logger.debug(
        {
          conversationId,
          intent: turn.recognition?.intent,
          score: turn.recognition?.score,
          submit: turn.submit,
        },
        'turn',
      );
      const replies = await handleTurn(turn, memory, services);
      // Saved before answering: the analyst is never told about progress that was not kept.
      await memories.save(key, memory, eTag);
      for (const reply of replies) await context.sendActivity(toActivity(reply, activity.from.id));
    } catch (error) {
      await answerFailure(context, error, conversationId);
    }
  }

  async function answerFailure(context: TurnContext, error: unknown, conversationId: string): Promise<void> {
    if (isSocbotError(error, 'STORAGE_CONFLICT')) {
      logger.warn({ conversationId }, 'two turns of one conversation at once; the later one was refused');
      await context.sendActivity(
        'Another message in this conversation was being handled at the same moment, so I did not take yours. Please send it again.',
      );
      return;
    }
    const coded = asSocbotError(error);
    logger.error({ err: coded, conversationId }, 'turn failed');
    await context.sendActivity(
      `Sorry, something went wrong on my side (${coded.code}); nothing was changed and the details are in the log. Please try again.`,
    );
  }

  return { run, close: () => store.close(), skills };
}

/** socbot's reply → a Bot Framework message: text, Adaptive Card attachment, suggested actions. */
export function toActivity(reply: BotReply, recipientId: string): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message, text: reply.text };
  if (reply.card) activity.attachments = [CardFactory.adaptiveCard(reply.card)];
  if (reply.suggestions && reply.suggestions.length > 0) {
    activity.suggestedActions = {
      to: [recipientId],
      actions: reply.suggestions.map((suggestion) => ({
        type: 'imBack',
        title: suggestion.title,
        value: suggestion.value,
      })),
    };
  }
  return activity;
}
