import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SocbotError } from '../errors';
import type { ActionIntentStore } from './action-intent-store';
import { syncDirectory } from './durable-write';
import { GroupCommit } from './group-commit';

/** The write-ahead journal of confirmed actions in the data directory. */
export const ACTION_INTENTS_FILE_NAME = 'action-intents.jsonl';

/**
 * The journal of `socbot chat`, which keeps its conversation state apart too (`console-state.*`):
 * each process replays only the actions confirmed in the conversations it holds.
 */
export const CONSOLE_ACTION_INTENTS_FILE_NAME = `console-${ACTION_INTENTS_FILE_NAME}`;

/** Append, create, and return from each write only once its data is on disk (as the audit trail does). */
const APPEND_DURABLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

const actorSchema = z.object({
  id: z.string(),
  aadObjectId: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  local: z.boolean().optional(),
  foreignTenant: z.string().optional(),
});

const intentSchema = z.object({
  requestId: z.string().min(1),
  skill: z.string().min(1),
  slots: z.record(z.string(), z.string()),
  user: z.object({ id: z.string(), name: z.string() }),
  actor: actorSchema,
  conversationId: z.string(),
  conversationKey: z.string(),
  at: z.string(),
});

/**
 * A confirmed action about to run: everything needed to run it again after a crash (the skill and
 * its values, who confirmed it, where to tell them), keyed by the form's request id.
 */
export type ActionIntent = z.infer<typeof intentSchema>;

const lineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('begin'), intent: intentSchema }),
  z.object({ kind: z.literal('finish'), requestId: z.string().min(1), at: z.string() }),
]);
type IntentLine = z.infer<typeof lineSchema>;

/**
 * The write-ahead journal of confirmed actions, `<dataDir>/action-intents.jsonl`: a `begin` line is
 * on disk before a skill acts, a `finish` line once the analyst was sent the answer. A process killed
 * in between leaves a begun, unfinished intent, which start-up runs again with the same request id
 * (src/app/replay-intents.ts), so nothing an analyst confirmed is half done and nobody left without
 * an answer.
 *
 * - Appends only, with O_DSYNC and group commit (lines that arrive during one write share the
 *   next), like the audit trail: an acknowledged `begin` survives a power loss.
 * - A last line a crash cut short is no intent (its write never returned, so the skill never
 *   acted): reads skip it and the next append cuts it off first. Any other unreadable line is
 *   STORAGE_CORRUPT.
 * - `compact()` (at every start, after start-up replayed what was open) rewrites the file with the
 *   unfinished intents only, atomically and durably, so it stays small: it grows by two lines per
 *   confirmed action between two starts.
 *
 * @example
 *   const intents = new ActionIntentLog('./data');
 *   await intents.begin({ requestId: form.id, skill: 'register-alert', slots, user, actor, conversationId, conversationKey, at });
 *   const reply = await skill.act(context);
 *   // … the replies are sent …
 *   await intents.finish([form.id]);
 */
export class ActionIntentLog implements ActionIntentStore {
  readonly file: string;
  private readonly commits = new GroupCommit<IntentLine>((lines) => this.append(lines));
  private handle: FileHandle | undefined;
  /**
   * Requests this process began and has not finished. One process writes the file, and start-up
   * replays what an earlier process left, so this is every unfinished intent a turn can meet.
   */
  private readonly open = new Set<string>();

  constructor(
    private readonly dataDir: string,
    fileName: string = ACTION_INTENTS_FILE_NAME,
  ) {
    this.file = path.join(dataDir, fileName);
  }

  /** Resolves once the intent is on disk: only then may the skill act. */
  async begin(intent: ActionIntent): Promise<void> {
    await this.commits.add({ kind: 'begin', intent });
    this.open.add(intent.requestId);
  }

  /** Marks the intents done (the analyst got the answer); resolves once that is on disk. */
  async finish(requestIds: readonly string[]): Promise<void> {
    const at = new Date().toISOString();
    await Promise.all(requestIds.map((requestId) => this.commits.add({ kind: 'finish', requestId, at })));
    for (const requestId of requestIds) this.open.delete(requestId);
  }

  isUnfinished(requestId: string): Promise<boolean> {
    return Promise.resolve(this.open.has(requestId));
  }

  /**
   * The intents begun and never finished, in the order they were begun; with `begunMsAgo`, only
   * those whose `at` is at least that long ago.
   */
  async unfinished(options: { begunMsAgo?: number } = {}): Promise<ActionIntent[]> {
    const { pending } = await this.commits.exclusive(() => this.read());
    const { begunMsAgo } = options;
    if (begunMsAgo === undefined) return pending;
    const latest = Date.now() - begunMsAgo;
    return pending.filter((intent) => Date.parse(intent.at) <= latest);
  }

  /**
   * Rewrites the file with the unfinished intents only (temp file, fsync, rename, directory fsync);
   * leaves it as it is when it holds nothing finished.
   */
  compact(): Promise<void> {
    return this.commits.exclusive(async () => {
      const { pending, finished } = await this.read();
      if (finished === 0) return;
      await this.closeHandle();
      const temp = `${this.file}.tmp`;
      const text = pending.map((intent) => `${JSON.stringify({ kind: 'begin', intent })}\n`).join('');
      const handle = await openFile(temp, 'w');
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
      // The rename itself on disk: else a power loss could bring back the long file, or none.
      await syncDirectory(this.dataDir);
    });
  }

  /** Waits for the writes so far, then closes the file (a later write opens it again). */
  close(): Promise<void> {
    return this.commits.exclusive(() => this.closeHandle());
  }

  private async append(lines: IntentLine[]): Promise<void> {
    const handle = await this.opened();
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    try {
      await handle.write(text);
    } catch (error) {
      // Reopened (and its end looked at again) by the next write: a broken handle is not kept.
      await this.closeHandle();
      throw error;
    }
  }

  private async opened(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await mkdir(this.dataDir, { recursive: true });
    const handle = await openFile(this.file, APPEND_DURABLY);
    try {
      await dropCutOffLine(this.file, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.handle = handle;
    return handle;
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  /** The unfinished intents, and how many finished ones the file holds (what compacting drops). */
  private async read(): Promise<{ pending: ActionIntent[]; finished: number }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pending: [], finished: 0 };
      throw error;
    }
    const rows = text.split('\n');
    // The text after the last newline: '' for a whole file, else a line a crash cut short.
    rows.pop();
    const pending = new Map<string, ActionIntent>();
    let finished = 0;
    rows.forEach((row, index) => {
      if (row === '') return;
      const line = this.parse(row, index + 1);
      if (line.kind === 'begin') {
        if (!pending.has(line.intent.requestId)) pending.set(line.intent.requestId, line.intent);
      } else {
        pending.delete(line.requestId);
        finished += 1;
      }
    });
    return { pending: [...pending.values()], finished };
  }

  private parse(row: string, lineNo: number): IntentLine {
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch {
      value = undefined;
    }
    const parsed = lineSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new SocbotError(
      'STORAGE_CORRUPT',
      `Line ${lineNo} of ${this.file} is not a readable action intent, so socbot cannot tell which ` +
        'confirmed actions a crash cut short. Keep a copy of the file, then remove that line ' +
        '(the actions it names may then be unfinished: check the alert register and `socbot audit ' +
        'export` for them) and start socbot again.',
      { file: this.file, line: lineNo },
    );
  }
}

function openFile(file: string, flags: string | number): Promise<FileHandle> {
  return open(file, flags, 0o600);
}

/**
 * Cuts off a last line a crash left without its newline: its write never returned, so its action
 * never ran, and appending after it would make it an unreadable line in the middle. Only the last
 * byte is read unless it is cut off (the append handle is write-only, so through a handle of its own).
 */
async function dropCutOffLine(file: string, handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const reader = await open(file, 'r');
  try {
    const last = Buffer.alloc(1);
    await reader.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return;
    const content = await reader.readFile();
    await handle.truncate(content.lastIndexOf(0x0a) + 1);
    await handle.sync();
  } finally {
    await reader.close();
  }
}
