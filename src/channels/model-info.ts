import type { ModelRolloutStatus } from './model-rollout';

/** What the server tells about the model it serves (in /healthz and the logs). */
export interface ModelInfo {
  /** sha256 of the corpus the model was trained on. */
  corpusHash: string;
  /** ISO time of training. */
  trainedAt: string;
  /** ISO time this process loaded it. */
  loadedAt: string;
  /** With replicas (PostgreSQL): the model they serve, and whether this replica does (model-rollout.ts). */
  replicas?: ModelRolloutStatus;
}
