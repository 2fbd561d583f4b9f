import type { TurnContext } from 'botbuilder';
import type { BotWiring } from '../conversation/bot-wiring';
import type { BotReply } from '../conversation/bot-reply';
import { ConversationMemoryStore, conversationMemoryKey } from '../conversation/conversation-memory-store';
import { emptyMemory, type ConversationMemory } from '../conversation/conversation-memory';
import { runTurn } from '../conversation/run-turn';
import { failureReply } from '../conversation/turn-failure';
import { usesMemory, type TurnInput } from '../conversation/turn-input';
import { asMessages } from '../conversation/turn-messages';
import { createTurnServices } from '../conversation/turn-services';
import type { Logger } from '../logger';
import type { Recognizer } from '../nlu/types';
import { loadSkillRegistry, type SkillRegistry } from '../skills/skill-registry';
import { inputOfActivity } from './activity-input';
import { ReplyNotDelivered } from './reply-not-delivered';
import { addressOfActivity } from './conversation-address';
import { toActivity } from './reply-activity';
import type { SocBot } from './socbot';
import { TurnSources } from './turn-sources';

/** What {@link createBot} needs; the server and `socbot chat` pass the same. */
export interface CreateBotOptions {
  /** The data files, audit trail, access policy and side effects (src/app/createApp). */
  wiring: BotWiring;
  recognizer: Recognizer;
  logger: Logger;
  /** The skills folder; defaults to the package's skills/ (dist/skills when compiled). */
  skillsDir?: string;
}

/** socbot's bot: a {@link SocBot} with its loaded skills (for "what can you do" elsewhere, the CLI). */
export interface SkillBot extends SocBot {
  readonly skills: SkillRegistry;
}

/**
 * The channel edge: the only place where socbot's conversation meets botbuilder. Per activity it
 *
 * 1. remembers the conversation's address (the bot may have to write there later);
 * 2. reads the activity as one typed input (activity-input.ts), with who is asking and their roles;
 * 3. loads the conversation's memory with its eTag (only for inputs that use it); in an incident's
 *    room, binds it to the room's incident (`memory.about`);
 * 4. runs the turn, a plain function (src/conversation/run-turn.ts);
 * 5. saves the memory before answering (the analyst is never told about progress that was not
 *    kept; a concurrent turn of the same conversation fails with STORAGE_CONFLICT and is told so);
 * 6. sends the replies as Bot Framework messages (plain text joined onto the next reply);
 * 7. marks the turn's confirmed actions finished in the intent journal (until then, a crash has
 *    start-up run them again and tell the analyst: src/app/replay-intents.ts); also when the
 *    connector did not take the replies (ReplyNotDelivered): the answer is then queued as a
 *    proactive message (`wiring.tellLater`).
 *
 * @example
 *   const app = createApp({ config: loadConfig(process.env), logger });
 *   const bot = await createBot({ wiring: app, recognizer, logger });
 *   await adapter.runTurn(authenticated, activity, (context) => bot.run(context));
 */
export async function createBot(options: CreateBotOptions): Promise<SkillBot> {
  const { recognizer, logger, wiring } = options;
  const skills = await loadSkillRegistry(options.skillsDir);
  const services = createTurnServices({ wiring, skills, recognizer, logger });
  const memories = new ConversationMemoryStore(wiring.store.storage);
  const sources = new TurnSources(wiring, logger);

  async function run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversationKey = activity.conversation?.id
      ? await wiring.directory.remember(addressOfActivity(activity))
      : '';
    const input = await inputOfActivity(activity, () => sources.sourceOf(context, conversationKey));
    if (!input) {
      logger.debug({ type: activity.type }, 'ignored an activity that asks for no answer');
      return;
    }
    const { replies, begun } = await answer(
      input,
      activity.channelId,
      activity.conversation.id,
      conversationKey,
    );
    const messages = asMessages(replies);
    try {
      for (const message of messages) await context.sendActivity(toActivity(message, activity.from.id));
    } catch (error) {
      // The connector did not take the answer, but the action ran and is audited: left open, the
      // intent would have the next start tell the analyst a false "socbot restarted while…".
      if (error instanceof ReplyNotDelivered && begun.length > 0) {
        await tellLater(begun, conversationKey, messages);
        await finish(begun);
      }
      throw error;
    }
    // Only once the analyst has the answer: until then a crash has start-up finish and tell it.
    if (begun.length > 0) await finish(begun);
  }

  async function finish(begun: readonly string[]): Promise<void> {
    await wiring.intents?.finish(begun).catch((error: unknown) => {
      // The answer is out; the next start runs the (idempotent) action again and tells it once more.
      logger.error({ err: error, requests: begun }, 'could not mark confirmed actions finished');
    });
  }

  /** The undelivered answer to a confirmed action, queued as a proactive message when the wiring offers that. */
  async function tellLater(
    begun: readonly string[],
    conversationKey: string,
    messages: readonly BotReply[],
  ): Promise<void> {
    const [requestId] = begun;
    const text = messages.map((message) => message.text).join('\n\n');
    if (!wiring.tellLater || !requestId || conversationKey === '') {
      logger.warn(
        { requests: begun },
        'the answer to a confirmed action was not delivered; it is in the audit trail',
      );
      return;
    }
    await wiring
      .tellLater({
        requestId,
        conversationKey,
        text: `My answer did not reach you in time, so here it is: ${text}`,
      })
      .catch((error: unknown) =>
        logger.error(
          { err: error, requests: begun },
          'could not queue the undelivered answer; it is in the audit trail',
        ),
      );
  }

  /**
   * Runs the turn between loading and saving its memory; a failure becomes its answer. `begun`:
   * the confirmed actions the turn wrote ahead, to be marked finished once the replies are sent.
   */
  async function answer(
    input: TurnInput,
    channelId: string,
    conversationId: string,
    conversationKey: string,
  ): Promise<{ replies: BotReply[]; begun: readonly string[] }> {
    const key = conversationMemoryKey(channelId, conversationId);
    let begun: readonly string[] = [];
    try {
      const loaded = usesMemory(input) ? await memories.load(key) : { memory: emptyMemory() };
      await bindToRoom(loaded.memory, conversationKey, conversationId);
      const result = await runTurn(input, loaded.memory, services);
      begun = result.begun ?? [];
      // The memory is saved while the turn's last audit entries are written; the replies wait for both.
      await Promise.all([result.memory && memories.save(key, result.memory, loaded.eTag), result.written]);
      wiring.turnObserver?.turnEnded(result.status);
      return { replies: result.replies, begun };
    } catch (error) {
      wiring.turnObserver?.turnEnded('failed');
      // The action ran; its memory was not saved: the failure reply is the answer the analyst gets.
      return { replies: [failureReply(error, logger, conversationId)], begun };
    }
  }

  /**
   * In an incident's room every command is about that incident: the conversation's memory says so
   * (`about`, with `room`), decided here from the room registry, never from what the message says.
   */
  async function bindToRoom(
    memory: ConversationMemory,
    conversationKey: string,
    conversationId: string,
  ): Promise<void> {
    if (conversationKey === '') return;
    // The turn's lock is the conversation id's (ConversationQueue): a shared store answers from its read.
    const ref = await wiring.rooms.refOfConversation(conversationKey, { turnLockKey: conversationId });
    if (ref !== undefined) memory.about = { ref, room: true };
  }

  return { run, close: () => wiring.store.storage.flush(), skills };
}
