import type { SocbotError } from '../errors';

/** Exit codes of the `socbot` command. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed: bad corpus, unreadable file, internal error. */
  failure: 1,
  /** The command could not start as asked: bad options, or no model to run (train one first). */
  usage: 2,
} as const;

/**
 * The exit code for an error: 2 when the user has to change the invocation or run another command
 * first (usage errors, no model yet), 1 otherwise.
 */
export function exitCodeFor(error: SocbotError): number {
  return error.code === 'USAGE' || error.code === 'MODEL_NOT_FOUND' ? EXIT.usage : EXIT.failure;
}
