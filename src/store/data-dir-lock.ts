import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ProcessLock, type LockHolder } from './process-lock';

/** `<dataDir>/socbot.lock`: the process id of the one socbot that writes the data directory. */
export const DATA_DIR_LOCK_FILE_NAME = 'socbot.lock';

/** What a socbot process runs on its data directory, as its lock records it for the next one. */
export interface DataDirUser {
  command: 'serve' | 'chat';
  /** The server's Web Chat page, when its address is known before it listens (not with PORT=0). */
  webChatUrl?: string;
}

/**
 * What this process is, for its lock: `socbot chat`, or a server with the address of its Web Chat
 * page (the one start-server logs; unknown with PORT=0).
 *
 * @example
 *   dataDirUser({ host: '127.0.0.1', port: 3978 }, false); // { command: 'serve', webChatUrl: 'http://127.0.0.1:3978/webchat' }
 */
export function dataDirUser(server: { host: string; port: number }, consoleOnly: boolean): DataDirUser {
  if (consoleOnly) return { command: 'chat' };
  if (server.port === 0) return { command: 'serve' };
  const host =
    server.host === '0.0.0.0' ? '127.0.0.1' : server.host.includes(':') ? `[${server.host}]` : server.host;
  return { command: 'serve', webChatUrl: `http://${host}:${server.port}/webchat` };
}

/**
 * Takes the data directory for this process: `socbot serve` or `socbot chat`, one at a time. The
 * audit trail's hash chain, the outbox, the review queue and the conversation directory are
 * written from one process's memory: a second writer would fork the chain (`socbot audit verify`
 * would report it broken) and overwrite the other's jobs. Fails with DATA_DIR_IN_USE naming the
 * other process and advising by what it runs and what this one is (a second server, or a chat
 * next to a server); a lock left by a process that is gone is taken over.
 *
 * @example
 *   const lock = await lockDataDir('./data', { command: 'chat' }); // DATA_DIR_IN_USE while `socbot serve` runs there
 *   await lock.release();
 */
export async function lockDataDir(dataDir: string, starting: DataDirUser): Promise<ProcessLock> {
  await mkdir(dataDir, { recursive: true });
  return ProcessLock.acquire(
    path.join(dataDir, DATA_DIR_LOCK_FILE_NAME),
    `the data directory ${dataDir}`,
    '',
    {
      note: JSON.stringify(starting),
      inUse: (holder) => inUseMessage(dataDir, starting, holder),
    },
  );
}

function inUseMessage(dataDir: string, starting: DataDirUser, holder: LockHolder): string {
  const running = readNote(holder.note);
  const stale = `If no socbot runs as pid ${holder.pid}, delete ${holder.file}.`;
  if (running?.command === 'serve') {
    const page = running.webChatUrl ? ` (${running.webChatUrl})` : '';
    return starting.command === 'serve'
      ? `A socbot server (pid ${holder.pid}) already serves the data directory ${dataDir}. Stop it, or set ` +
          `SOCBOT_DATA_DIR and PORT for a second one. ${stale}`
      : `A socbot server (pid ${holder.pid}) serves the data directory ${dataDir}: talk to it on its Web Chat ` +
          `page${page}, or stop it before socbot chat, or give socbot chat a data directory of its own ` +
          `(SOCBOT_DATA_DIR). ${stale}`;
  }
  if (running?.command === 'chat') {
    return starting.command === 'serve'
      ? `socbot chat (pid ${holder.pid}) is using the data directory ${dataDir}. Leave it (type "exit") ` +
          `before starting the server, or set SOCBOT_DATA_DIR for a server of its own. ${stale}`
      : `Another socbot chat (pid ${holder.pid}) is using the data directory ${dataDir}. Use that one, or ` +
          `leave it (type "exit") first. ${stale}`;
  }
  // A lock written by an earlier version holds only the pid: what it runs is unknown.
  return (
    `Another socbot process (pid ${holder.pid}) is writing the data directory ${dataDir}: only one may. ` +
    (starting.command === 'chat'
      ? 'To talk to a running server, use its Web Chat page rather than socbot chat. '
      : '') +
    `Stop it, or give this process a data directory of its own (SOCBOT_DATA_DIR). ${stale}`
  );
}

function readNote(note: string): DataDirUser | undefined {
  try {
    const parsed = JSON.parse(note) as Partial<DataDirUser> | null;
    if (parsed?.command !== 'serve' && parsed?.command !== 'chat') return undefined;
    return {
      command: parsed.command,
      ...(typeof parsed.webChatUrl === 'string' ? { webChatUrl: parsed.webChatUrl } : {}),
    };
  } catch {
    return undefined;
  }
}
