import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config';
import { asSocbotError, isSocbotError } from '../errors';
import type { CliDeps } from './cli-deps';
import { processIo, type CliIo } from './cli-io';
import * as alertsCommand from './commands/alerts';
import * as auditCommand from './commands/audit';
import * as chatCommand from './commands/chat';
import * as dbCommand from './commands/db';
import * as evaluateCommand from './commands/evaluate';
import * as insightsCommand from './commands/insights';
import * as mailCommand from './commands/mail';
import * as migrateDataCommand from './commands/migrate-data';
import * as outboxCommand from './commands/outbox';
import * as parseCommand from './commands/parse';
import * as reviewCommand from './commands/review';
import * as serveCommand from './commands/serve-command';
import * as teamsPackageCommand from './commands/teams-package';
import * as trainCommand from './commands/train';
import * as triageCommand from './commands/triage';
import { EXIT, exitCodeFor } from './exit-code';
import { defaultNluServices } from './default-nlu-services';

/** A command module: one file under commands/ that adds its subcommand to the program. */
interface CommandModule {
  register(program: Command, deps: CliDeps): void;
}

/** Every `socbot` subcommand. To add one, write commands/<name>.ts and list it here. */
const COMMANDS: readonly CommandModule[] = [
  trainCommand,
  evaluateCommand,
  parseCommand,
  chatCommand,
  alertsCommand,
  insightsCommand,
  reviewCommand,
  serveCommand,
  auditCommand,
  outboxCommand,
  teamsPackageCommand,
  triageCommand,
  mailCommand,
  dbCommand,
  migrateDataCommand,
];

/**
 * Runs the `socbot` command line and resolves to the exit code; never throws and never prints a
 * stack trace for a user error (set SOCBOT_DEBUG=1 to see one for internal errors).
 *
 * @example
 *   process.exitCode = await main(process.argv);
 *   // in a test: await main(['node', 'socbot', 'parse', '--json'], { stdout, stderr, stdin }, { nlu: fakeNlu })
 */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
  overrides: Partial<CliDeps> = {},
): Promise<number> {
  const env = overrides.env ?? process.env;
  const deps: CliDeps = {
    io,
    env,
    config: once(() => loadConfig(env)),
    now: () => new Date(),
    nlu: overrides.nlu ?? defaultNluServices(),
    ...overrides,
  };
  const program = new Command('socbot')
    .description('socbot: the SOC chatbot for SAP landscapes')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
  for (const command of COMMANDS) command.register(program, deps);

  try {
    await program.parseAsync(argv, { from: 'node' });
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io, deps.env);
  }
}

function reportError(error: unknown, io: CliIo, env: NodeJS.ProcessEnv): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message or the help text; it exits 0 only for --help.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const coded = asSocbotError(error);
  io.stderr.write(`error [${coded.code}]: ${coded.message}\n`);
  if (!isSocbotError(error) && env.SOCBOT_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return exitCodeFor(coded);
}

/** `make()` on the first call, its result (or its error) on every call after. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | { error: unknown } | undefined;
  return () => {
    if (!made) {
      try {
        made = { value: make() };
      } catch (error) {
        made = { error };
      }
    }
    if ('error' in made) throw made.error;
    return made.value;
  };
}
