import { setTimeout as sleep } from 'node:timers/promises';

/** A promise a test resolves when it wants: work (a turn, a job) that runs until the test lets it end. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Polls `condition` every 10 ms for at most `ms`; fails naming `what` it waited for. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  ms = 5000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out after ${ms} ms waiting until ${what}`);
}
