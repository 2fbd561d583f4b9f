import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { corrupt, isPlainObject } from './data-file';

/** One change to the state: an item's new eTag and value (as JSON text), or its removal. */
export type StateChange = { key: string; eTag: string; valueJson: string } | { key: string; deleted: true };

/**
 * The append-only log of state changes since the last snapshot (`state.journal.jsonl`): one JSON
 * line per change, written in batches, one `write` per batch.
 *
 * Appending a line is the cheapest durable change a file system offers: no file is created or
 * renamed. A process killed mid-append leaves at most a cut-off last line, which `replay` drops
 * (the change it held was never confirmed to its caller) and cuts from the file.
 *
 * @example
 *   const journal = new StateJournal('./data/state.journal.jsonl');
 *   const changes = await journal.replay(); // after a restart
 *   await journal.append([{ key: 'conv', eTag: 'e2', valueJson: '{"step":3}' }]);
 */
export class StateJournal {
  private handle: FileHandle | undefined;
  /** Bytes of whole lines in the file, so the store knows when a snapshot is due. */
  bytes = 0;
  /** A failed append may have left part of a line after `bytes`. */
  private cutNeeded = false;

  constructor(readonly file: string) {}

  /** Every complete change in the file, oldest first. A line that is complete but unreadable is corruption. */
  async replay(): Promise<StateChange[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const changes = complete
      .split('\n')
      .filter((line) => line !== '')
      .map((line, index) => parseChange(this.file, line, index + 1));
    const handle = await this.open();
    // A cut-off last line goes, so the next append starts on a line of its own.
    if (complete.length < text.length) await handle.truncate(Buffer.byteLength(complete));
    this.bytes = Buffer.byteLength(complete);
    return changes;
  }

  /**
   * Appends the changes as one write; resolves once all of it is written. When the write fails
   * part-way (a full disk), what it wrote is cut off again, so the file never holds a half line
   * that later lines would follow.
   */
  async append(changes: readonly StateChange[]): Promise<void> {
    const data = Buffer.from(changes.map(lineOf).join(''));
    const handle = await this.open();
    if (this.cutNeeded) {
      await handle.truncate(this.bytes);
      this.cutNeeded = false;
    }
    try {
      for (let written = 0; written < data.length;) {
        written += (await handle.write(data, written)).bytesWritten;
      }
    } catch (error) {
      this.cutNeeded = true;
      await handle.truncate(this.bytes).then(
        () => (this.cutNeeded = false),
        () => undefined, // tried again before the next append
      );
      throw error;
    }
    this.bytes += data.length;
  }

  /** Empties the file: its changes are in a snapshot now. */
  async clear(): Promise<void> {
    await (await this.open()).truncate(0);
    this.bytes = 0;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async open(): Promise<FileHandle> {
    if (!this.handle) {
      await mkdir(path.dirname(this.file), { recursive: true });
      // 'a': every write lands at the end, whatever the position after a truncate.
      this.handle = await open(this.file, 'a', 0o600);
    }
    return this.handle;
  }
}

/** The value goes in as the JSON it already is, not as a string to escape again. */
function lineOf(change: StateChange): string {
  const key = JSON.stringify(change.key);
  if ('deleted' in change) return `{"key":${key},"deleted":true}\n`;
  return `{"key":${key},"eTag":${JSON.stringify(change.eTag)},"value":${change.valueJson}}\n`;
}

function parseChange(file: string, line: string, lineNumber: number): StateChange {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    throw corrupt(
      file,
      `line ${lineNumber} is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (isPlainObject(data) && typeof data.key === 'string') {
    if (data.deleted === true) return { key: data.key, deleted: true };
    if (typeof data.eTag === 'string' && isPlainObject(data.value)) {
      return { key: data.key, eTag: data.eTag, valueJson: JSON.stringify(data.value) };
    }
  }
  throw corrupt(file, `line ${lineNumber} is not a state change`);
}
