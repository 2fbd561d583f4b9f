/**
 * The streams a command talks to. `main()` gets them from its caller so tests capture output
 * in memory and the real CLI uses the process streams.
 */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream;
}

/** A writable text stream; `isTTY` decides between a progress bar and plain progress lines. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The process's own streams. */
export function processIo(): CliIo {
  process.stdout.once('error', exitQuietlyOnClosedPipe);
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/** `socbot parse --json | head -1` closes stdout early: that is the reader's choice, not a crash. */
function exitQuietlyOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
}
