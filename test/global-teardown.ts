import { rm } from 'node:fs/promises';

/** Stops the run's throwaway PostgreSQL and removes the run's model (test/global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.socbotTestPostgres?.stop();
  if (globalThis.socbotTestModelDir)
    await rm(globalThis.socbotTestModelDir, { recursive: true, force: true });
}
