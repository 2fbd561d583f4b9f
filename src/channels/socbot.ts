import type { TurnContext } from 'botbuilder';

/**
 * What the server needs from a bot: run one turn, and flush whatever it keeps when the server stops.
 * `createBot()` (bot-edge.ts) returns one; so does {@link createEchoBot} for benchmarks.
 *
 * @example
 *   const bot: SocBot = { run: async (ctx) => void ctx.sendActivity('hi'), close: async () => {} };
 */
export interface SocBot {
  run(context: TurnContext): Promise<void>;
  /** Flushes storage; the server calls it once, after the last turn finished. */
  close(): Promise<void>;
}
