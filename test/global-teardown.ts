/** Stops the run's throwaway PostgreSQL (test/global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.socbotTestPostgres?.stop();
}
