import type { z } from 'zod';
import { SocbotError } from '../errors';

/**
 * One problem per bad variable, `NAME: what is wrong; how to fix it`, from a zod error over the
 * environment.
 *
 * @example
 *   problemsOf(schema.safeParse({ PORT: 'x' }).error!); // ['PORT: Invalid input: expected number, received NaN']
 */
export function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
}

/**
 * CONFIG_INVALID for one part of the configuration, naming every problem and where the variables
 * are documented. `details.problems` lets `loadConfig` report the problems of every section at once.
 *
 * @example
 *   throw configInvalid('configuration', ['PORT: must be a number']);
 */
export function configInvalid(part: string, problems: string[], docs = '.env.example'): SocbotError {
  return new SocbotError(
    'CONFIG_INVALID',
    `Invalid ${part}: ${problems.join('; ')}. Fix these environment variables (see ${docs}).`,
    { problems },
  );
}

/** The problems a CONFIG_INVALID error carries (its message when it carries none). */
export function problemsIn(error: SocbotError): string[] {
  const problems = error.details.problems;
  return Array.isArray(problems) && problems.every((p) => typeof p === 'string')
    ? (problems as string[])
    : [error.message];
}
