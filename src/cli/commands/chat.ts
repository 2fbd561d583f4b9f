import os from 'node:os';
import type { Command } from 'commander';
import { createApp } from '../../app/create-app';
import { createBot } from '../../channels/bot-edge';
import { CONSOLE_SERVICE_URL, ConsoleAdapter } from '../../channels/console-adapter';
import { createLogger } from '../../logger';
import { credentialValues } from '../../config/credential-values';
import type { CliDeps } from '../cli-deps';
import { readLines } from '../read-lines';
import { readyModel } from '../ready-model';

interface ChatOptions {
  conversation: string;
}

/** Lines beyond this are cut; the bot itself refuses messages over 4,000 characters. */
const MAX_LINE_CHARS = 10_000;

/**
 * `socbot chat [--conversation ID]`: the bot in the terminal, on the same data directory as the
 * server (its conversation state in console-state.json, continued across runs). Checks the skills
 * against the corpus first (SKILLS_INCONSISTENT names the skill, intent and file); uses the model at
 * SOCBOT_MODEL, and when there is none, or it was trained on an older corpus, trains one from
 * SOCBOT_CORPUS (a few seconds), says so, and saves it. `exit` or end of
 * input ends the chat. The console user is the local user (analyst and lead while no roles are
 * configured); side effects run through the same composition root as `serve`, and outcomes that
 * arrive after a turn are printed when they come. It takes the data directory as `serve` does
 * (DATA_DIR_IN_USE while a server writes it: talk to that server through its Web Chat page).
 *
 * @example
 *   socbot chat
 *   printf 'register alert 4711 on PRD\nexit\n' | socbot chat --conversation demo
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('chat')
    .description('talk to the bot in this terminal')
    .option('--conversation <id>', 'conversation to continue (state is kept in SOCBOT_DATA_DIR)', 'console')
    .action(async (options: ChatOptions) => {
      const { io, env } = deps;
      const config = deps.config();
      const recognizer = await readyModel({
        nlu: deps.nlu,
        modelPath: config.modelPath,
        corpusPath: config.corpusPath,
        report: (event) => io.stderr.write(`${event.line}\n`),
      });
      const logger = createLogger({
        level: config.logLevel ?? 'warn',
        secrets: credentialValues(config),
        destination: { write: (line: string) => void io.stderr.write(line) },
      });
      const app = createApp({ config, logger, consoleOnly: true });
      const bot = await createBot({ wiring: app, recognizer, logger });
      const userName = env.USER ?? os.userInfo().username;
      const adapter = new ConsoleAdapter(io.stdout, {
        conversationId: options.conversation,
        user: { id: `console:${userName}`, name: userName },
      });
      // A late outcome ("Ticket INC… created") is printed on its own line while the user types.
      app.sender.attach(CONSOLE_SERVICE_URL, async (reference, activity) => {
        io.stdout.write('\n');
        await adapter.continueConversation(reference, async (context) => {
          await context.sendActivity(activity);
        });
        io.stdout.write('you> ');
      });
      await app.start();
      io.stdout.write('socbot is listening. Say "help" to see what it can do, "exit" to leave.\nyou> ');
      try {
        for await (const line of readLines(io.stdin, MAX_LINE_CHARS)) {
          const text = line.text.trim();
          if (text === 'exit' || text === 'quit') break;
          if (text !== '') await adapter.receive(text, (context) => bot.run(context));
          io.stdout.write('you> ');
        }
      } finally {
        await bot.close();
        await app.stop();
        io.stdout.write('\nBye.\n');
      }
    });
}
