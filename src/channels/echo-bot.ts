import type { TurnContext } from 'botbuilder';
import type { SocBot } from './socbot';

/**
 * The bare bot of the turns benchmark and the server's own tests: it answers every message with
 * `echo: <text>` and keeps nothing, so it measures the restify + botbuilder stack alone.
 *
 * @example
 *   await startServer(config, { createBot: async () => createEchoBot() });
 */
export function createEchoBot(): SocBot {
  return {
    async run(context: TurnContext): Promise<void> {
      if (context.activity.type === 'message') {
        await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      }
    },
    async close(): Promise<void> {},
  };
}
