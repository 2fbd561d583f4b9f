import { SingleBar } from 'cli-progress';
import type { OutputStream } from './cli-io';
import type { TrainingProgress } from './cli-deps';

/** Shows progress of a long step on stderr. */
export interface ProgressReporter {
  update(progress: TrainingProgress): void;
  /** Ends the display (clears the bar line state); safe to call twice. */
  stop(): void;
}

/**
 * A cli-progress bar when `stream` is a terminal; otherwise plain lines (start of each phase,
 * every quarter, and the end) so logs of CI runs and pipes stay short and readable.
 *
 * @example
 *   const progress = createProgressReporter(process.stderr);
 *   await trainModel(corpus, { onProgress: (p) => progress.update(p) });
 *   progress.stop();
 */
export function createProgressReporter(stream: OutputStream): ProgressReporter {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

class BarProgress implements ProgressReporter {
  private bar: SingleBar | undefined;
  private phase: string | undefined;

  constructor(private readonly stream: OutputStream) {}

  update({ phase, done, total }: TrainingProgress): void {
    if (phase !== this.phase || !this.bar) {
      this.stop();
      this.phase = phase;
      this.bar = new SingleBar({
        // cli-progress wants a NodeJS.WritableStream; a TTY OutputStream is one at run time.
        stream: this.stream as NodeJS.WritableStream,
        format: '{phase} [{bar}] {percentage}% | {value}/{total}',
        hideCursor: true,
        clearOnComplete: false,
      });
      this.bar.start(Math.max(total, 1), done, { phase });
      return;
    }
    this.bar.setTotal(Math.max(total, 1));
    this.bar.update(done, { phase });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

class LineProgress implements ProgressReporter {
  private phase: string | undefined;
  private lastQuarter = -1;

  constructor(private readonly stream: OutputStream) {}

  update({ phase, done, total }: TrainingProgress): void {
    const quarter = total > 0 ? Math.floor((4 * done) / total) : 4;
    if (phase === this.phase && quarter === this.lastQuarter) return;
    this.phase = phase;
    this.lastQuarter = quarter;
    this.stream.write(`${phase}: ${done}/${total}\n`);
  }

  stop(): void {
    this.phase = undefined;
    this.lastQuarter = -1;
  }
}
