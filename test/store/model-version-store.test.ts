import { MemoryModelVersion } from '../../src/channels/memory-model-version';
import { ModelRollout, type RollingRecognizer } from '../../src/channels/model-rollout';
import type { ModelInfo } from '../../src/channels/model-info';
import type { ModelVersion } from '../../src/channels/shared-model-version';
import { PgModelVersion } from '../../src/store/postgres/pg-model-version';
import { createCapturedLogger } from '../helpers/captured-logger';
import { openTestPool, twoReplicaPools } from '../helpers/postgres';
import { describeModelVersionContract } from './contracts/model-version-contract';

describeModelVersionContract('in memory', async () => ({
  versions: new MemoryModelVersion(),
  close: async () => undefined,
}));

describeModelVersionContract('PostgreSQL', async () => {
  const { db, close } = await openTestPool();
  return { versions: new PgModelVersion(db), close };
});

const OLD: ModelVersion = { corpusHash: 'corpus-1', trainedAt: '2026-12-01T08:00:00.000Z' };
const NEW: ModelVersion = { corpusHash: 'corpus-2', trainedAt: '2026-12-06T08:00:00.000Z' };

/** A replica's recognizer over a model file the test replaces: reload serves what the file holds. */
function replicaRecognizer(file: { holds: ModelVersion }): RollingRecognizer & { reloads: number } {
  let serving: ModelInfo = { ...file.holds, loadedAt: 'start' };
  return {
    reloads: 0,
    get modelInfo() {
      return serving;
    },
    async reload() {
      this.reloads += 1;
      if (file.holds.trainedAt === serving.trainedAt) return false;
      serving = { ...file.holds, loadedAt: 'later' };
      return true;
    },
  };
}

describe('ModelRollout: replicas on one PostgreSQL serve one model', () => {
  const replicas = twoReplicaPools();

  it('rolls a model retrained on A out to B (its file on a shared volume)', async () => {
    const sharedFile = { holds: OLD };
    const recognizerA = replicaRecognizer(sharedFile);
    const recognizerB = replicaRecognizer(sharedFile);
    const logB = createCapturedLogger('debug');
    const rolloutA = new ModelRollout({
      recognizer: recognizerA,
      versions: new PgModelVersion(replicas.a),
      logger: createCapturedLogger().logger,
    });
    const rolloutB = new ModelRollout({
      recognizer: recognizerB,
      versions: new PgModelVersion(replicas.b),
      logger: logB.logger,
    });
    await rolloutA.check();
    await rolloutB.check();
    expect(rolloutB.status()).toEqual({ ...OLD, serving: true });

    // `socbot train` on A: A's watcher loads the new file; B saw no watch event.
    sharedFile.holds = NEW;
    await recognizerA.reload();
    await rolloutA.check();
    expect(rolloutA.status()).toEqual({ ...NEW, serving: true });
    await rolloutB.check();
    expect(recognizerB.modelInfo).toMatchObject(NEW);
    expect(rolloutB.status()).toEqual({ ...NEW, serving: true });
    expect(logB.text()).toContain('model of the other replicas loaded');
  });

  it('keeps serving on a replica whose file is older, says so once, and follows when its file arrives', async () => {
    const fileA = { holds: OLD };
    const fileB = { holds: OLD };
    const recognizerA = replicaRecognizer(fileA);
    const recognizerB = replicaRecognizer(fileB);
    const logB = createCapturedLogger('debug');
    const rolloutA = new ModelRollout({
      recognizer: recognizerA,
      versions: new PgModelVersion(replicas.a),
      logger: createCapturedLogger().logger,
    });
    const rolloutB = new ModelRollout({
      recognizer: recognizerB,
      versions: new PgModelVersion(replicas.b),
      logger: logB.logger,
    });
    fileA.holds = NEW;
    await recognizerA.reload();
    await rolloutA.check();

    await rolloutB.check();
    await rolloutB.check();
    expect(recognizerB.modelInfo).toMatchObject(OLD);
    expect(rolloutB.status()).toEqual({ ...NEW, serving: false });
    expect(logB.text().match(/deploy the same model file to every replica/g)).toHaveLength(1);

    // B's older model never replaced the newer record.
    expect(await new PgModelVersion(replicas.a).offer(OLD)).toEqual(NEW);

    fileB.holds = NEW;
    await rolloutB.check();
    expect(rolloutB.status()).toEqual({ ...NEW, serving: true });
  });
});
