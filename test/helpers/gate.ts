import { setTimeout as sleep } from 'node:timers/promises';

/** A promise a test resolves when it wants: work (a turn, a job) that runs until the test lets it end. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Polls `condition` every 10 ms for at most 5 s; fails naming `what` it waited for. */
export async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 10) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting until ${what}`);
}
