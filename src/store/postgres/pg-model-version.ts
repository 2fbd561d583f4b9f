import type { ModelVersion, SharedModelVersion } from '../../channels/shared-model-version';
import type { Queryable } from '../../db/database';
import { jsonParam } from '../../db/json-param';

/** The socbot_meta key of the model version every replica serves. */
export const MODEL_VERSION_META = 'model.version';

/**
 * {@link SharedModelVersion} in PostgreSQL: one row of socbot_meta (migration 0001), replaced only by
 * a version trained later (one statement, so two replicas offering at once end with the newer one).
 *
 * @example
 *   const versions = new PgModelVersion(backend.db);
 *   await versions.offer(recognizer.modelInfo);
 */
export class PgModelVersion implements SharedModelVersion {
  constructor(private readonly db: Queryable) {}

  async offer(version: ModelVersion): Promise<ModelVersion> {
    const offered = jsonParam({ corpusHash: version.corpusHash, trainedAt: version.trainedAt });
    await this.db.query(
      `INSERT INTO socbot_meta (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
         WHERE (socbot_meta.value ->> 'trainedAt') < (EXCLUDED.value ->> 'trainedAt')`,
      [MODEL_VERSION_META, offered],
    );
    const rows = await this.db.query<{ value: ModelVersion }>(
      'SELECT value FROM socbot_meta WHERE key = $1',
      [MODEL_VERSION_META],
    );
    const recorded = rows[0]?.value;
    return recorded ? { corpusHash: recorded.corpusHash, trainedAt: recorded.trainedAt } : version;
  }
}
