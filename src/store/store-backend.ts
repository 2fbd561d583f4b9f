import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config';
import { openDatabase, type Database, type DatabaseOptions } from '../db/database';

/**
 * Where socbot keeps its data: files under the data directory (the embedded default), or one
 * PostgreSQL database shared by every replica (SOCBOT_DATABASE_URL, issue 15). Each store has one
 * interface and an implementation per backend; the composition root picks by `kind`.
 */
export type StoreBackend = FilesBackend | PostgresBackend;

export interface FilesBackend {
  readonly kind: 'files';
  readonly dataDir: string;
}

export interface PostgresBackend {
  readonly kind: 'postgres';
  readonly db: Database;
  /**
   * This process among the replicas (`host:pid:random`): who claimed a job, who holds a lease.
   * Never reused, so a restarted replica never mistakes a dead process's claims for its own.
   */
  readonly replicaId: string;
  /** Still there for what stays local (models, the CLI's review state). */
  readonly dataDir: string;
}

/**
 * The backend the configuration asks for: PostgreSQL when SOCBOT_DATABASE_URL is set (connections
 * are made on first use; `start()` migrates), the data directory otherwise.
 *
 * @example
 *   const backend = openStoreBackend(config);
 *   if (backend.kind === 'postgres') await backend.db.query('SELECT 1');
 */
export function openStoreBackend(config: Config, options: DatabaseOptions = {}): StoreBackend {
  if (!config.database) return { kind: 'files', dataDir: config.dataDir };
  const replicaId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  return {
    kind: 'postgres',
    // socbot's SQL is written for READ COMMITTED (an audit append that waited on the chain head's
    // row lock chains onto the new head): pinned, whatever the database's default.
    db: openDatabase(config.database, {
      applicationName: `socbot ${replicaId}`,
      readCommitted: true,
      ...options,
    }),
    replicaId,
    dataDir: config.dataDir,
  };
}
