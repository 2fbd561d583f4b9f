import type { TurnContext } from 'botbuilder';
import type { TurnLock } from '../store/turn-lock';
import type { BotHealth } from './health-handler';

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
  /** What /healthz tells about the bot's data (side effects by state, start-up repairs); throws when it cannot read it. */
  health?(): Promise<BotHealth>;
  /**
   * The turn lock every replica shares (PostgreSQL), put behind the server's in-process queue;
   * absent (the embedded default): turns are serialized in this process only.
   */
  turnLock?: TurnLock;
}
