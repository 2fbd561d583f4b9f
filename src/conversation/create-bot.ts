import { ActivityTypes, CardFactory, TurnContext, type Activity } from 'botbuilder';
import { actorFromActivity, foreignTenantOf, type Actor } from '../access/actor';
import type { Role } from '../access/roles';
import { asSocbotError, isSocbotError } from '../errors';
import type { Logger } from '../logger';
import type { Recognizer } from '../nlu/types';
import { loadSkillRegistry, type SkillRegistry } from '../skills/skill-registry';
import { handleAlertDecision, readAlertDecision } from './alert-card-decision';
import { handleBasisAck, readBasisAckSubmit } from './basis-ack-submit';
import type { BotWiring } from './bot-wiring';
import type { BotReply } from './bot-reply';
import { handleChannelRegistration, readChannelRegistration } from './channel-registration';
import { readCardSubmit } from './confirmation-card';
import { ConversationMemoryStore } from './conversation-memory-store';
import { handleTurn } from './router';
import { TeamsMemberEmails } from './teams-member-email';
import type { ConversationServices, Turn, TurnAuditRecord } from './turn';
import { auditActorOf } from './turn-actor';
import { asMessages } from './turn-messages';

/** Longest message the bot reads; longer ones are refused with an explanation, state untouched. */
export const MAX_MESSAGE_LENGTH = 4000;

/** What {@link createBot} needs; the server and `socbot chat` pass the same. */
export interface CreateBotOptions {
  /** The data files, audit trail, access policy and side effects (src/app/createApp). */
  wiring: BotWiring;
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
  /** Waits for the conversation state's pending writes (graceful shutdown); the app closes the rest. */
  close(): Promise<void>;
  /** The loaded skills (for "what can you do" elsewhere, health checks, the CLI). */
  readonly skills: SkillRegistry;
}

/**
 * Builds the bot: loads the skills and answers each message through the router. Conversation
 * memory is stored per conversation with an eTag, so it survives a restart between any two turns,
 * and two turns of one conversation at once cannot overwrite each other. Every turn stores the
 * conversation's reference (for proactive messages later) and knows its actor and roles; every
 * recognized command and confirmation is audited.
 *
 * @example
 *   const app = createApp({ config, env: process.env, logger });
 *   const bot = await createBot({ wiring: app, recognizer, logger });
 *   server.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
 */
export async function createBot(options: CreateBotOptions): Promise<SocBot> {
  const { recognizer, logger, wiring } = options;
  const skills = await loadSkillRegistry(options.skillsDir);
  const { store } = wiring;
  const memories = new ConversationMemoryStore(store.storage);
  const audit = async (turn: Turn, record: TurnAuditRecord): Promise<void> => {
    await wiring.audit.append({
      ...record,
      actor: auditActorOf(turn.actor, turn.roles),
      conversationId: turn.conversationId,
    });
  };
  const services: ConversationServices = {
    registry: skills,
    skillServicesFor: (turn) => ({
      alerts: store.alerts,
      basisRequests: store.basisRequests,
      actions: wiring.actionServices({
        actor: turn.actor,
        conversationId: turn.conversationId,
        conversationKey: turn.conversationKey,
      }),
    }),
    reviews: store.reviews,
    audit,
    logger,
  };

  const emails = new TeamsMemberEmails(logger);

  /** Who is asking, and their roles: by id first; by the Teams e-mail when roles are configured by e-mail. */
  async function actorAndRoles(context: TurnContext): Promise<{ actor: Actor; roles: Role[] }> {
    const actor: Actor = { ...actorFromActivity(context.activity), local: wiring.isLocalTurn(context) };
    const foreignTenant = foreignTenantOf(context.activity, wiring.tenantId);
    if (foreignTenant !== undefined) {
      // Another tenant's user: unknown, whatever id or e-mail they have (authorize says why, and
      // every refusal is audited with that reason).
      logger.info({ tenant: foreignTenant }, 'a Teams user of another tenant counts as unknown');
      return { actor: { ...actor, local: false, foreignTenant }, roles: [] };
    }
    const roles = wiring.rolesOf(actor);
    if (roles.length > 0 || !wiring.rolesByEmail) return { actor, roles };
    const email = await emails.emailOf(context);
    if (!email) return { actor, roles };
    const withEmail = { ...actor, email };
    return { actor: withEmail, roles: wiring.rolesOf(withEmail) };
  }

  async function run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    // Every activity refreshes the conversation's reference: the bot may have to write there later.
    const conversationKey = activity.conversation?.id
      ? await wiring.directory.remember(TurnContext.getConversationReference(activity))
      : '';
    if (activity.type !== ActivityTypes.Message) {
      logger.debug({ type: activity.type }, 'ignored a non-message activity');
      return;
    }
    const { actor, roles } = await actorAndRoles(context);
    const text = (activity.text ?? '').trim();
    if (text.length > MAX_MESSAGE_LENGTH) {
      await context.sendActivity(
        `That message is too long for me (${text.length} characters; my limit is ${MAX_MESSAGE_LENGTH}). ` +
          'Nothing was changed. Please send just the essentials: alert ID, terminal, user and system.',
      );
      return;
    }
    const submit = readCardSubmit(activity.value);
    const decision = readAlertDecision(activity.value);
    const basisAck = readBasisAckSubmit(activity.value);
    if (!text && !submit && !decision && !basisAck) {
      await context.sendActivity('I can only read text messages. Tell me what happened, or say "help".');
      return;
    }
    const conversationId = activity.conversation.id;
    const key = `conversations/${activity.channelId}/${conversationId}`;
    try {
      if (basisAck) {
        const reply = await handleBasisAck(basisAck, { actor, roles, conversationId }, wiring);
        await context.sendActivity(toActivity(reply, activity.from.id));
        return;
      }
      const registration = submit ? undefined : readChannelRegistration(text);
      if (registration) {
        const turn = turnOf({ text, actor, roles, conversationId, conversationKey, activity });
        const reply = await handleChannelRegistration(registration, turn, {
          directory: wiring.directory,
          audit,
          deliversHere: (audience) => wiring.deliversByTeams(audience),
        });
        await context.sendActivity(toActivity(reply, activity.from.id));
        return;
      }
      const { memory, eTag } = await memories.load(key);
      if (decision) {
        const turn = turnOf({ text: '', actor, roles, conversationId, conversationKey, activity });
        const replies = await handleAlertDecision(decision, turn, memory, services, {
          findAlert: (ref) => store.alerts.find(ref),
          authorize: wiring.authorize,
        });
        await memories.save(key, memory, eTag);
        for (const message of asMessages(replies))
          await context.sendActivity(toActivity(message, activity.from.id));
        return;
      }
      const turn: Turn = {
        ...turnOf({ text: submit ? '' : text, actor, roles, conversationId, conversationKey, activity }),
        ...(submit ? { submit } : { recognition: await recognizer.recognize(text) }),
      };
      const command = turn.recognition ? skills.forIntent(turn.recognition.intent) : undefined;
      // Written while the turn is handled rather than before (under load this saves the command
      // turn a wait); the answer and any later audit entry of this turn wait for it.
      const commandAudited =
        command && turn.recognition
          ? audit(turn, {
              action: 'command',
              summary: command.manifest.title,
              details: {
                intent: turn.recognition.intent,
                score: Number(turn.recognition.score.toFixed(3)),
                entities: turn.recognition.entities.map((entity) => ({
                  type: entity.entity,
                  value: entity.value,
                })),
              },
            })
          : Promise.resolve();
      // Awaited below; this only keeps a turn that fails first from leaving it unobserved.
      commandAudited.catch(() => undefined);
      logger.debug(
        {
          conversationId,
          intent: turn.recognition?.intent,
          score: turn.recognition?.score,
          submit: turn.submit,
        },
        'turn',
      );
      // Whatever else this turn audits (the confirmation an action waits for) waits for the
      // command's entry first: nothing the turn does can be on record without the command.
      const auditAfterCommand: ConversationServices['audit'] = async (auditedTurn, record) => {
        await commandAudited;
        await services.audit(auditedTurn, record);
      };
      const replies = await handleTurn(turn, memory, { ...services, audit: auditAfterCommand });
      await commandAudited;
      // Saved before answering: the analyst is never told about progress that was not kept.
      await memories.save(key, memory, eTag);
      for (const message of asMessages(replies))
        await context.sendActivity(toActivity(message, activity.from.id));
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

  return { run, close: () => store.storage.flush(), skills };
}

/** The parts of a turn every kind of message has. */
function turnOf(parts: {
  text: string;
  actor: Actor;
  roles: Turn['roles'];
  conversationId: string;
  conversationKey: string;
  activity: Activity;
}): Turn {
  const { activity } = parts;
  return {
    text: parts.text,
    user: { id: activity.from.id, name: activity.from.name || activity.from.id },
    actor: parts.actor,
    roles: parts.roles,
    conversationId: parts.conversationId,
    conversationKey: parts.conversationKey,
  };
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
