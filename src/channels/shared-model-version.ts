/** Which model a replica serves: the corpus it was trained on and when (ModelInfo without the load time). */
export interface ModelVersion {
  corpusHash: string;
  /** ISO time of training: of two versions the later one is the newer. */
  trainedAt: string;
}

/**
 * The model version every replica should serve, kept where they all see it (PostgreSQL's
 * socbot_meta: src/store/postgres/pg-model-version.ts; in one process: memory-model-version.ts).
 * The newest version offered wins: a replica that loaded a retrained model records it, the others
 * notice and load it too (model-rollout.ts).
 *
 * @example
 *   const inForce = await versions.offer({ corpusHash, trainedAt }); // the newer of it and the recorded one
 */
export interface SharedModelVersion {
  /** Records `version` unless a newer one is recorded; resolves to the version in force afterwards. */
  offer(version: ModelVersion): Promise<ModelVersion>;
}

/** True when both name the same model. */
export function sameModelVersion(a: ModelVersion, b: ModelVersion): boolean {
  return a.corpusHash === b.corpusHash && a.trainedAt === b.trainedAt;
}
