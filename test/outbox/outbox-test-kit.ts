import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { Outbox, type OutboxOptions } from '../../src/outbox/outbox';
import { until } from '../helpers/gate';

/** A fresh data directory per test; `cleanup()` stops every outbox it made and removes the folder. */
export async function outboxKit(): Promise<{
  dir: string;
  open(options?: Partial<OutboxOptions>): Outbox;
  rawFile(): Promise<{ jobs: OutboxJob[] }>;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-outbox-'));
  const opened: Outbox[] = [];
  return {
    dir,
    open(options = {}) {
      const outbox = new Outbox({
        dataDir: dir,
        pollIntervalMs: 50,
        jobTimeoutMs: 2000,
        retryPolicy: { minDelayMs: 10, maxDelayMs: 200, factor: 2, jitter: false, maxAttempts: 6 },
        ...options,
      });
      opened.push(outbox);
      return outbox;
    },
    async rawFile() {
      return JSON.parse(await readFile(path.join(dir, OUTBOX_FILE_NAME), 'utf8')) as { jobs: OutboxJob[] };
    },
    async cleanup() {
      await Promise.all(opened.map((outbox) => outbox.stop({ graceMs: 0 })));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the next settled job of `outbox`, or rejects after `ms` (a test must not hang). */
export function nextSettled(outbox: Outbox, ms = 5000): Promise<OutboxJob> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no job settled within ${ms} ms`));
    }, ms);
    const off = outbox.onSettled((job) => {
      clearTimeout(timer);
      off();
      resolve(job);
    });
  });
}

/** Polls `condition` every 10 ms for at most `ms`; rejects when it never holds. */
export function eventually(condition: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  return until(condition, 'the condition held', ms);
}

/** An error shaped like the integrations' IntegrationError. */
export function integrationError(
  code: string,
  retryable: boolean,
  retryAfterMs?: number,
): Error & { code: string; retryable: boolean; retryAfterMs?: number } {
  return Object.assign(new Error(`${code} from the stand-in`), {
    code,
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
