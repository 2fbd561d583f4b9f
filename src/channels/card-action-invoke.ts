import { ActivityTypes, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import type { SocBot } from './socbot';
import { JOINED_REPLY_SEPARATOR } from '../conversation/turn-messages';

/** The invoke Teams sends for an Adaptive Card `Action.Execute` (Universal Actions). */
export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** What an `Action.Execute` button sends: its verb and its data. */
export interface ExecuteAction {
  verb: string;
  data: Record<string, unknown>;
}

/** The body of a successful `adaptiveCard/action` invoke response (Universal Actions). */
export interface CardActionResponseBody {
  statusCode: 200;
  type: 'application/vnd.microsoft.card.adaptive';
  value: Record<string, unknown>;
}

/**
 * Wraps a bot so that Teams' `Action.Execute` buttons work like `Action.Submit` ones. An
 * `adaptiveCard/action` invoke becomes the message Action.Submit would have sent (`value` = the
 * action's data, with `action` = its verb when the data has none), runs through the bot unchanged,
 * its replies go to the conversation as usual, and the invoke is answered with a card that replaces
 * the clicked one: what the bot said, without buttons, so it cannot be pressed twice.
 * Every other activity, and an invoke that is not a well-formed Action.Execute, passes straight through.
 *
 * @example
 *   const bot = withCardActionInvokes(await createBot(options));
 *   // POST /api/messages with an adaptiveCard/action invoke → 200 { statusCode: 200, type: '…card.adaptive', value: card }
 */
export function withCardActionInvokes<Bot extends SocBot>(bot: Bot): Bot {
  const run = async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Invoke || activity.name !== CARD_ACTION_INVOKE) {
      await bot.run(context);
      return;
    }
    const action = readExecuteAction(activity.value);
    if (!action) {
      // Not a well-formed Action.Execute: not ours to answer (the adapter then answers 501).
      await bot.run(context);
      return;
    }
    const replies = await runAsSubmit(bot, context, action);
    await answerInvoke(context, {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: outcomeCard(replies),
    });
  };
  return { ...bot, run };
}

/** Reads `value.action` of an adaptiveCard/action invoke, or undefined when it is not Action.Execute. */
export function readExecuteAction(value: unknown): ExecuteAction | undefined {
  const action = (value as { action?: unknown } | null | undefined)?.action;
  if (typeof action !== 'object' || action === null) return undefined;
  const { type, verb, data } = action as Record<string, unknown>;
  if (type !== 'Action.Execute' || typeof verb !== 'string' || verb === '') return undefined;
  return { verb, data: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {} };
}

/** Runs the action as the message Action.Submit sends, in a turn of its own; returns what the bot sent. */
async function runAsSubmit(
  bot: SocBot,
  context: TurnContext,
  action: ExecuteAction,
): Promise<Array<Partial<Activity>>> {
  const { name: _invokeName, ...invoke } = context.activity;
  const submit = {
    ...invoke,
    type: ActivityTypes.Message,
    text: '',
    value: { ...action.data, action: action.data.action ?? action.verb },
  } as Activity;
  const inner = new TurnContext(context.adapter, submit);
  // The adapter keeps the connector client and the caller's identity in turn state; replies need them.
  context.turnState.forEach((value, key) => inner.turnState.set(key, value));
  const sent: Array<Partial<Activity>> = [];
  inner.onSendActivities(async (_context, activities, next) => {
    sent.push(...activities);
    return next();
  });
  await bot.run(inner);
  return sent;
}

/** The card that replaces the clicked one: the bot's messages as text, no buttons. */
export function outcomeCard(replies: ReadonlyArray<Partial<Activity>>): Record<string, unknown> {
  const texts = replies
    .filter(
      (reply) => reply.type === ActivityTypes.Message && typeof reply.text === 'string' && reply.text !== '',
    )
    // One block per paragraph, also where one message joined several replies (asMessages).
    .flatMap((reply) => (reply.text as string).split(JOINED_REPLY_SEPARATOR));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: (texts.length > 0 ? texts : ['Done.']).map((text) => ({ type: 'TextBlock', text, wrap: true })),
  };
}

async function answerInvoke(context: TurnContext, body: CardActionResponseBody): Promise<void> {
  const response: InvokeResponse = { status: 200, body };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
}
