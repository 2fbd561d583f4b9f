import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps';
import * as mailClassifyCommand from './mail-classify';
import * as reportCommand from './mail-report';
import * as reviewCommand from './mail-review';

/** A `socbot mail` subcommand: one file under commands/ named `mail-<name>.ts`. */
interface MailCommandModule {
  register(mail: Command, deps: CliDeps): void;
}

/** Every `socbot mail` subcommand. To add one, write commands/mail-<name>.ts and list it here. */
const MAIL_COMMANDS: readonly MailCommandModule[] = [mailClassifyCommand, reportCommand, reviewCommand];

/**
 * `socbot mail …`: the shared mailbox's classifier and its monthly review (issue 17).
 *
 * @example
 *   socbot mail classify --json suspicious.eml
 */
export function register(program: Command, deps: CliDeps): void {
  const mail = program.command('mail').description("the shared mailbox's classifier and its review");
  for (const command of MAIL_COMMANDS) command.register(mail, deps);
}
