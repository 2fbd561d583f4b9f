import { Readable } from 'node:stream';
import type { CliDeps } from '../../src/cli/cli-deps';
import { main } from '../../src/cli/main';

/** What one in-process run of the CLI produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A write-only text stream that remembers what was written; `isTTY` false like a pipe. */
export class CapturedStream {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/**
 * Runs `socbot <args>` in-process with captured streams.
 *
 * @example
 *   const { code, stdout } = await runCli(['parse', '--json'], { stdin: 'hello\n', nlu: fakeNlu() });
 */
export async function runCli(
  args: string[],
  options: { stdin?: string | Readable; nlu?: CliDeps['nlu']; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const stdin =
    typeof options.stdin === 'string' || options.stdin === undefined
      ? Readable.from([options.stdin ?? ''])
      : options.stdin;
  const overrides: Partial<CliDeps> = {
    env: options.env ?? {},
    now: () => new Date('2026-01-02T03:04:05Z'),
    ...(options.nlu ? { nlu: options.nlu } : {}),
  };
  const code = await main(['node', 'socbot', ...args], { stdout, stderr, stdin }, overrides);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
