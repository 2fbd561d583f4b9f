import type { Database, Queryable } from '../../db/database';
import { SocbotError } from '../../errors';
import type { DocumentSpec, JsonDocument, JsonDocuments, TurnStartRead } from '../json-document';
import { jsonParam } from '../../db/json-param';
import { forgetSnapshotDocument, takeSnapshotDocumentVersion } from './turn-snapshot';

/** The table of documents (migrations/0500_documents.sql). */
export const DOCUMENTS_TABLE = 'socbot_documents';

/**
 * One JSON document as one row of `socbot_documents` (name → jsonb body), shared by every replica.
 *
 * - `update` runs `SELECT body … FOR UPDATE`, `change` and the `UPDATE` in one transaction: updates
 *   from several replicas wait for one another on the row lock, so none is lost. `change` must be
 *   pure (the transaction may be retried, running it again). An unchanged body is not written.
 * - `read` and `view` ask the row every time (no cache another replica could make stale), but the
 *   body travels and is parsed only when its row version (`xmin`) changed since this process last
 *   read it. A document the turn lock reads with the lock (`documentsReadAtTurnStart`: the incident
 *   rooms) costs not even that for a turn's first read, named by its lock key (`TurnStartRead`,
 *   TurnSnapshot).
 * - A body that is not of the expected shape is never overwritten: STORAGE_CORRUPT names the
 *   document and the SQL that moves it aside.
 *
 * @example
 *   const doc = new PgDocument(db, { name: 'approvals.json', defaults: () => ({ requests: [] }), isValid });
 *   await doc.update((data) => { data.requests.push(request); });
 */
export class PgDocument<T extends object> implements JsonDocument<T> {
  /** Reads and updates under way in this process, for flush(). */
  private readonly pending = new Set<Promise<unknown>>();
  /** The body as this process last read it, with its row version. */
  private lastRead: { version: string; body: T } | undefined;

  constructor(
    private readonly db: Database,
    private readonly spec: DocumentSpec<T>,
  ) {}

  read(): Promise<T> {
    return this.view((data) => structuredClone(data) as T);
  }

  view<R>(look: (data: Readonly<T>) => R, turnStart?: TurnStartRead): Promise<R> {
    return this.tracked(async () => look(await this.current(turnStart)));
  }

  update<R>(change: (data: T) => R): Promise<R> {
    // The turns open here read the document afresh from now on: their versions at the lock are out of date.
    forgetSnapshotDocument(this.spec.name);
    return this.tracked(() =>
      this.db.transaction(async (tx) => {
        // The row exists before it is locked: two first updates at once wait on the same row.
        await tx.query(
          `INSERT INTO ${DOCUMENTS_TABLE} (name, body) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING`,
          [this.spec.name, jsonParam(this.spec.defaults())],
        );
        const data = await this.load(tx, true);
        const before = jsonParam(data);
        const result = change(data);
        const after = jsonParam(data);
        if (after !== before)
          await tx.query(
            `UPDATE ${DOCUMENTS_TABLE} SET body = $2::jsonb, updated_at = now() WHERE name = $1`,
            [this.spec.name, after],
          );
        return result;
      }),
    );
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * The current body: the one read before when the row's version is still the same. A document
   * every turn reads first takes that version, for the turn's first read, from the read of its lock
   * (one round trip less per turn).
   */
  private async current(turnStart?: TurnStartRead): Promise<T> {
    const known = this.lastRead;
    const atLock = turnStart && takeSnapshotDocumentVersion(this.spec.name, turnStart.turnLockKey);
    if (atLock !== undefined) {
      if (atLock.version === undefined) return this.spec.defaults();
      if (known !== undefined && known.version === atLock.version) return known.body;
    }
    const [row] = await this.db.query<{ version: string; body: unknown }>(
      `SELECT xmin::text AS version, CASE WHEN xmin::text = $2 THEN NULL ELSE body END AS body
       FROM ${DOCUMENTS_TABLE} WHERE name = $1`,
      [this.spec.name, known?.version ?? ''],
    );
    if (row === undefined) {
      this.lastRead = undefined;
      return this.spec.defaults();
    }
    if (known !== undefined && row.version === known.version) return known.body;
    if (!this.spec.isValid(row.body)) throw corruptDocument(this.spec);
    this.lastRead = { version: row.version, body: row.body };
    return row.body;
  }

  private async load(on: Queryable, forUpdate: boolean): Promise<T> {
    const rows = await on.query<{ body: unknown }>(
      `SELECT body FROM ${DOCUMENTS_TABLE} WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [this.spec.name],
    );
    const [row] = rows;
    if (row === undefined) return this.spec.defaults();
    const body = row.body;
    if (!this.spec.isValid(body)) throw corruptDocument(this.spec);
    return body;
  }

  private tracked<R>(run: () => Promise<R>): Promise<R> {
    const promise = run();
    this.pending.add(promise);
    const forget = (): void => {
      this.pending.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }
}

/**
 * Documents as rows of `socbot_documents` on `db`.
 *
 * @example
 *   const approvals = new ApprovalRequestLog(pgDocuments(backend.db));
 */
export function pgDocuments(db: Database): JsonDocuments {
  return { open: (spec) => new PgDocument(db, spec) };
}

/** STORAGE_CORRUPT for a document row socbot cannot read, with the SQL that moves it aside. */
function corruptDocument(spec: DocumentSpec<object>): SocbotError {
  const aside = `${spec.name}.corrupt`;
  return new SocbotError(
    'STORAGE_CORRUPT',
    `The document ${spec.name} in the PostgreSQL table ${DOCUMENTS_TABLE} cannot be read: its content does not have the expected shape. ` +
      'socbot does not discard data it cannot read. Move it aside ' +
      `(\`UPDATE ${DOCUMENTS_TABLE} SET name = '${aside}' WHERE name = '${spec.name}'\`), ` +
      'after which socbot begins with an empty document, and repair or merge the old one by hand if you need its content.' +
      (spec.afterMovingAside === undefined ? '' : ` ${spec.afterMovingAside}`),
    { document: spec.name },
  );
}
