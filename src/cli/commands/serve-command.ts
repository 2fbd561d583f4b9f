import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps';

/**
 * `socbot serve`: the Bot Framework endpoint (`POST /api/messages`, `GET /healthz`), the Web Chat
 * page and the SIEM intake on HOST:PORT, with the model at SOCBOT_MODEL (trained from
 * SOCBOT_CORPUS when missing, reloaded when the file changes or on SIGHUP). Logs JSON lines on
 * stdout. SIGTERM/SIGINT stop it gracefully: turns in flight finish (up to
 * SOCBOT_SHUTDOWN_GRACE_MS), storage is flushed, the exit code is 0.
 *
 * The server stack (restify, botbuilder, integrations) is imported only when this command runs:
 * `socbot train` or `parse` should not pay for it, nor print restify's deprecation warning.
 *
 * @example
 *   PORT=3978 socbot serve
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('serve')
    .description('run the Bot Framework server (POST /api/messages, GET /healthz, Web Chat, SIEM intake)')
    .action(async () => {
      const { runServe } = await import('./serve.js');
      await runServe(deps);
    });
}
