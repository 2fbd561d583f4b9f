import { Histogram, type Registry } from 'prom-client';
import type { QueryObservation } from '../db/database';

/** A statement on a healthy server takes a millisecond or less; lock waits and a struggling server take seconds. */
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * `socbot_store_query_duration_seconds{backend,outcome}`: each PostgreSQL statement the stores ran
 * (BEGIN and COMMIT of a transaction included), `outcome` ok or error, fed by the Database's
 * `onQuery` option. Only `backend="postgres"` exists: the embedded files are not timed, because
 * their writes are group-committed (one fdatasync serves every update waiting for it), so a time
 * per update would mostly measure the wait for the shared write, and timing it would sit on the
 * hot path of every store in the embedded mode, which must not get slower.
 *
 * @example
 *   const store = new StoreMetrics(registry);
 *   const db = openDatabase(settings, { onQuery: store.onQuery });
 */
export class StoreMetrics {
  private readonly queries: Histogram<'backend' | 'outcome'>;

  constructor(registry: Registry) {
    this.queries = new Histogram({
      name: 'socbot_store_query_duration_seconds',
      help: 'Seconds per statement on the shared PostgreSQL store, by outcome (ok, error).',
      labelNames: ['backend', 'outcome'],
      buckets: QUERY_BUCKETS,
      registers: [registry],
    });
  }

  /** For `DatabaseOptions.onQuery`: called after every statement. */
  readonly onQuery = (observation: QueryObservation): void => {
    this.queries.observe(
      { backend: 'postgres', outcome: observation.ok ? 'ok' : 'error' },
      observation.ms / 1000,
    );
  };
}
