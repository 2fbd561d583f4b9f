import type { SharedModelVersion } from '../../../src/channels/shared-model-version';

/** Builds an empty shared record; `close` releases it. */
export type MakeModelVersion = () => Promise<{ versions: SharedModelVersion; close(): Promise<void> }>;

const OLD = { corpusHash: 'corpus-1', trainedAt: '2026-12-01T08:00:00.000Z' };
const NEW = { corpusHash: 'corpus-2', trainedAt: '2026-12-06T08:00:00.000Z' };

/** What every record of the replicas' model version does, in memory or in PostgreSQL. */
export function describeModelVersionContract(name: string, make: MakeModelVersion): void {
  describe(`SharedModelVersion contract: ${name}`, () => {
    let versions: SharedModelVersion;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ versions, close } = await make());
    });
    afterEach(() => close());

    it('records the first version offered', async () => {
      expect(await versions.offer(OLD)).toEqual(OLD);
    });

    it('replaces it with a version trained later, never with an older one', async () => {
      await versions.offer(OLD);
      expect(await versions.offer(NEW)).toEqual(NEW);
      expect(await versions.offer(OLD)).toEqual(NEW);
    });

    it('keeps only the two fields that name the model', async () => {
      expect(await versions.offer({ ...OLD, loadedAt: 'now' } as typeof OLD)).toEqual(OLD);
    });
  });
}
