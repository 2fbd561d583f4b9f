import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/** The placeholder serviceUrl of console activities: there is no connector behind it. */
export const CONSOLE_SERVICE_URL = 'console://local';

/** Under `socbot> `: the lines of a message after its first, and the buttons it offers. */
const CONTINUATION_INDENT = ' '.repeat('socbot> '.length);

/** Where the console adapter writes the bot's messages. */
export interface ConsoleOutput {
  write(text: string): unknown;
}

/**
 * A Bot Framework adapter for a terminal: each typed line becomes a message activity, each reply
 * is printed as text with its buttons listed (a card's Confirm/Cancel become "yes"/"no"). The
 * same bot as in Teams, without a server.
 *
 * @example
 *   const adapter = new ConsoleAdapter(process.stdout, { conversationId: 'console', user: { id: 'ana', name: 'Ana' } });
 *   await adapter.receive('register alert 4711', (context) => bot.run(context));
 */
export class ConsoleAdapter extends BotAdapter {
  private nextId = 1;

  constructor(
    private readonly output: ConsoleOutput,
    private readonly who: { conversationId: string; user: { id: string; name: string } },
  ) {
    super();
  }

  /** Runs the bot on one typed line. */
  async receive(text: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: String(this.nextId++),
      text,
      channelId: 'console',
      serviceUrl: CONSOLE_SERVICE_URL,
      timestamp: new Date(),
      conversation: {
        id: this.who.conversationId,
        isGroup: false,
        conversationType: 'personal',
        name: 'console',
      },
      from: { ...this.who.user, role: 'user' },
      recipient: { id: 'socbot', name: 'socbot', role: 'bot' },
    };
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message) continue;
      this.output.write(`${asConsoleLines(activity.text ?? '')}\n`);
      const buttons = (activity.suggestedActions?.actions ?? []).map((action) =>
        String(action.type === 'messageBack' ? action.text : action.value),
      );
      if (buttons.length > 0)
        this.output.write(
          `${CONTINUATION_INDENT}(you can say: ${buttons.map((b) => `"${b}"`).join(' / ')})\n`,
        );
    }
    return activities.map(() => ({ id: String(this.nextId++) }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('The console cannot change a message it has printed.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('The console cannot delete a message it has printed.');
  }

  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

/** A message as the console prints it: `socbot> ` before its first line, later lines indented under it. */
function asConsoleLines(text: string): string {
  return text
    .split('\n')
    .map((line, at) => (at === 0 ? `socbot> ${line}` : line === '' ? '' : `${CONTINUATION_INDENT}${line}`))
    .join('\n');
}
