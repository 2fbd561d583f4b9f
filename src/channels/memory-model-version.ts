import type { ModelVersion, SharedModelVersion } from './shared-model-version';

/**
 * {@link SharedModelVersion} inside one process: the embedded default needs none (one process
 * serves one model file); tests of the roll-out use it as the replicas' shared record.
 *
 * @example
 *   const versions = new MemoryModelVersion();
 *   await versions.offer({ corpusHash: 'abc', trainedAt: '2026-12-01T00:00:00.000Z' });
 */
export class MemoryModelVersion implements SharedModelVersion {
  private recorded: ModelVersion | undefined;

  async offer(version: ModelVersion): Promise<ModelVersion> {
    if (!this.recorded || this.recorded.trainedAt < version.trainedAt) {
      this.recorded = { corpusHash: version.corpusHash, trainedAt: version.trainedAt };
    }
    return { ...this.recorded };
  }
}
