import type { Logger } from '../logger';
import type { ModelInfo } from './model-info';
import { sameModelVersion, type ModelVersion, type SharedModelVersion } from './shared-model-version';

/** What the roll-out needs of the recognizer: the model it serves and a reload of its file. */
export interface RollingRecognizer {
  readonly modelInfo: ModelInfo;
  /** Loads the model file again if it changed; true when a new model went into service. */
  reload(): Promise<boolean>;
}

/** What /healthz tells about the replicas' model: the version in force and whether this replica serves it. */
export interface ModelRolloutStatus {
  corpusHash: string;
  trainedAt: string;
  /** False while this replica still serves an older model (its model file is not the newest yet). */
  serving: boolean;
}

/** How often a replica compares its model with the replicas' (a retrained model reaches all within it). */
export const DEFAULT_MODEL_ROLLOUT_POLL_MS = 15_000;

/**
 * Keeps every replica on the same model: every `pollMs` (and at start) this replica offers the
 * version it serves to the shared record (the newest wins, so a replica that loaded a retrained
 * model records it) and, when the record names another one, reloads its model file. A replica whose
 * file is still the older one (the new file not yet deployed there) keeps serving what it has and
 * says so once per version, with the fix; /healthz shows `serving: false` meanwhile.
 *
 * @example
 *   const rollout = new ModelRollout({ recognizer, versions: new PgModelVersion(db), logger });
 *   rollout.start();
 *   rollout.stop();
 */
export class ModelRollout {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private inForce: ModelVersion | undefined;
  private warnedAbout: string | undefined;

  constructor(
    private readonly deps: {
      recognizer: RollingRecognizer;
      versions: SharedModelVersion;
      logger: Logger;
      pollMs?: number;
    },
  ) {}

  /** Checks now and then every `pollMs`. */
  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.deps.pollMs ?? DEFAULT_MODEL_ROLLOUT_POLL_MS);
    this.timer.unref();
  }

  /** Stops polling; waits for a check under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
  }

  /** The replicas' version and whether this replica serves it; undefined before the first check. */
  status(): ModelRolloutStatus | undefined {
    if (!this.inForce) return undefined;
    return { ...this.inForce, serving: sameModelVersion(this.inForce, this.deps.recognizer.modelInfo) };
  }

  /** One comparison (and reload when behind); a check under way is joined, not doubled. */
  check(): Promise<void> {
    this.checking ??= this.compareAndFollow().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async compareAndFollow(): Promise<void> {
    const { recognizer, versions, logger } = this.deps;
    try {
      let inForce = await versions.offer(recognizer.modelInfo);
      if (!sameModelVersion(inForce, recognizer.modelInfo)) {
        // Another replica serves a newer model: the file here may have changed without a watch
        // event (a shared volume), so look at it now.
        await recognizer.reload();
        inForce = await versions.offer(recognizer.modelInfo);
        const serving = recognizer.modelInfo;
        if (sameModelVersion(inForce, serving)) {
          logger.info({ model: inForce }, 'model of the other replicas loaded');
        } else if (this.warnedAbout !== inForce.trainedAt) {
          this.warnedAbout = inForce.trainedAt;
          logger.warn(
            { serving: { corpusHash: serving.corpusHash, trainedAt: serving.trainedAt }, replicas: inForce },
            'another replica serves a newer model than this model file: deploy the same model file to every replica (a shared volume or the image); this replica loads it as soon as its file changes',
          );
        }
      }
      this.inForce = inForce;
    } catch (error) {
      // The database is away: keep serving; the next check tries again.
      logger.warn(
        { err: error },
        'could not compare the model with the other replicas; the next check tries again',
      );
    }
  }
}
