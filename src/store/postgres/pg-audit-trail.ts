import { timelineOf } from '../../audit/alert-timeline';
import type { AuditEntry, AuditRecord } from '../../audit/audit-entry';
import type { AuditTrail } from '../../audit/audit-trail';
import { canonicalParts } from '../../audit/canonical-parts';
import { entryContent, type ChainTail } from '../../audit/chained-entry';
import { asAuditEntry, type AuditLine } from '../../audit/read-audit-file';
import { verifyAuditLines, type AuditVerification } from '../../audit/verify-audit';
import { sqlStateOf, type Database, type Queryable } from '../../db/database';
import { SocbotError } from '../../errors';
import { GroupCommit } from '../group-commit';
import { asStorableJson, jsonParam } from '../../db/json-param';

/** Entries per INSERT when a file is imported: one parameter each, well below any statement limit. */
const IMPORT_CHUNK = 500;

const HOW_TO_INVESTIGATE =
  'Keep a copy of the table as evidence (`pg_dump -t audit_entries -t audit_chain_head`), compare it with a backup, check which database roles may write these tables, and look at the bot logs and the server log around that time.';

/** What an import found and did. */
export interface AuditImport {
  /** Entries written now. */
  imported: number;
  /** Entries the database held already (an import run before). */
  present: number;
}

/**
 * The audit trail in PostgreSQL (SOCBOT_DATABASE_URL): one hash chain for every replica.
 *
 * An append is ONE statement, `socbot_audit_append` (migration 0710): it locks the chain head
 * (`audit_chain_head`, one row), chains each entry onto it in SQL (seq, prevHash, and the sha256
 * that entry-hash.ts computes, over the canonical JSON made here: canonical-parts.ts), inserts the
 * entries and moves the head. The row lock orders the replicas' appends, so they form one chain
 * (seq 1, 2, 3… without gaps, hashed exactly like `audit.jsonl`) and none is ever tried again: one
 * round trip per append however many replicas write. Appends that arrive while one runs share the
 * next (group commit). An entry is durable when `append` resolves (the statement committed).
 *
 * @example
 *   const audit = new PgAuditTrail(backend.db, undefined, credentialValues(config));
 *   await audit.append({ actor: { id: 'system' }, action: 'repair', summary: 'outbox rebuilt' });
 *   const check = await audit.verify();
 */
export class PgAuditTrail implements AuditTrail {
  readonly location: string;
  private readonly commits = new GroupCommit<AuditRecord, AuditEntry>((records) => this.appendBatch(records));

  /**
   * @param secrets the configured credential values (`credentialValues(config)`), removed from
   *   every entry as in the file.
   */
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    private readonly secrets: readonly string[] = [],
  ) {
    this.location = `PostgreSQL ${db.url} (table audit_entries)`;
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    return this.commits.add(record);
  }

  async entries(): Promise<AuditEntry[]> {
    await this.flush();
    const rows = await this.db.query<{ entry: unknown }>('SELECT entry FROM audit_entries ORDER BY seq');
    return wholeEntries(rows);
  }

  async entriesAfter(seq: number): Promise<AuditEntry[]> {
    await this.flush();
    const rows = await this.db.query<{ entry: unknown }>(
      'SELECT entry FROM audit_entries WHERE seq > $1 ORDER BY seq',
      [seq],
    );
    return wholeEntries(rows);
  }

  async entriesOfAlert(alertRef: string): Promise<AuditEntry[]> {
    await this.flush();
    const rows = await this.db.query<{ entry: unknown }>(
      `SELECT entry FROM audit_entries
        WHERE alert_ref = $1
           OR request_id IN (SELECT request_id FROM audit_entries WHERE alert_ref = $1 AND request_id <> '')
        ORDER BY seq`,
      [alertRef.trim().toLowerCase()],
    );
    // The SQL narrows by the indexes; timelineOf applies exactly the file's rule to what it found.
    return timelineOf(wholeEntries(rows), alertRef);
  }

  async entriesOfRequests(requestIds: readonly string[]): Promise<AuditEntry[]> {
    await this.flush();
    if (requestIds.length === 0) return [];
    const rows = await this.db.query<{ entry: unknown }>(
      'SELECT entry FROM audit_entries WHERE request_id = ANY($1::text[]) ORDER BY seq',
      [[...requestIds]],
    );
    return wholeEntries(rows);
  }

  async head(): Promise<ChainTail> {
    await this.flush();
    return chainHead(this.db, '');
  }

  /**
   * `verifyAudit`'s checks on the rows in seq order (`lineNo` is the row's seq), on one snapshot;
   * then the copies beside each entry and the chain head, which catches entries deleted from the end.
   */
  async verify(): Promise<AuditVerification> {
    await this.flush();
    const { rows, head } = await this.db.transaction(async (tx) => {
      // One snapshot for the rows and the head, though other replicas keep appending.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return {
        rows: await tx.query<{ seq: number; entry: unknown; hash: string; prev_hash: string }>(
          'SELECT seq, entry, hash, prev_hash FROM audit_entries ORDER BY seq',
        ),
        head: await chainHead(tx, ''),
      };
    });
    const lines: AuditLine[] = rows.map((row) => {
      const entry = asAuditEntry(row.entry);
      return { lineNo: row.seq, text: JSON.stringify(row.entry), ...(entry ? { entry } : {}) };
    });
    const source = {
      complete: true,
      exists: true,
      file: this.location,
      unit: 'row' as const,
      howToInvestigate: HOW_TO_INVESTIGATE,
    };
    const check = verifyAuditLines(lines, source);
    if (!check.intact) return check;
    const broken = (
      firstBadSeq: number,
      lineNo: number,
      problem: 'changed' | 'deleted',
      message: string,
    ): AuditVerification => ({
      intact: false,
      entries: firstBadSeq - 1,
      file: this.location,
      firstBadSeq,
      lineNo,
      unit: 'row',
      problem,
      message: `${message} ${HOW_TO_INVESTIGATE}`,
    });
    const copied = rows.find((row) => {
      const entry = row.entry as AuditEntry;
      return row.hash !== entry.hash || row.prev_hash !== entry.prevHash;
    });
    if (copied) {
      return broken(
        copied.seq,
        copied.seq,
        'changed',
        `Row ${copied.seq}: its hash or prev_hash column no longer matches its entry (changed after it was written).`,
      );
    }
    if (head.seq > check.entries) {
      return broken(
        check.entries + 1,
        check.entries + 1,
        'deleted',
        `Entries ${check.entries + 1}–${head.seq} are missing: the chain head says the trail ends at entry ${head.seq}, the table at ${check.entries} (deleted from the end).`,
      );
    }
    if (head.seq !== check.entries || head.hash !== check.headHash) {
      // Rows beyond the head were not appended by socbot; else the head or the last entry was changed.
      const first = head.seq < check.entries ? head.seq + 1 : head.seq;
      return broken(
        first,
        first,
        'changed',
        `The chain head (seq ${head.seq}) does not name the last entry (${check.entries}): entries were added or changed past socbot, or the head row was changed.`,
      );
    }
    return { ...check, exists: check.entries > 0 };
  }

  flush(): Promise<void> {
    return this.commits.idle();
  }

  /** Flushes; the pool is the backend's and closed with it. */
  close(): Promise<void> {
    return this.flush();
  }

  /**
   * Copies a whole chain (an `audit.jsonl` that verified) into the table with its own seq and
   * hashes, so it verifies here as it did in the file. Idempotent: entries already in the table
   * (an import run before) are skipped. A table that holds a different chain is refused
   * (STORAGE_CONFLICT): two trails are never spliced.
   */
  importChain(entries: readonly AuditEntry[]): Promise<AuditImport> {
    return this.commits.exclusive(() =>
      this.db.transaction(async (tx) => {
        const head = await chainHead(tx, 'FOR UPDATE');
        const present = Math.min(head.seq, entries.length);
        const last = present > 0 ? entries[present - 1] : undefined;
        if (head.seq > entries.length || (last && last.hash !== head.hash)) {
          throw new SocbotError(
            'STORAGE_CONFLICT',
            `${this.location} holds an audit trail of ${head.seq} entries that is not the start of the imported one, so the two cannot be one chain. ` +
              `Import into an empty database (a new SOCBOT_DATABASE_URL), or keep the file as the earlier trail's evidence and do not import it.`,
            { headSeq: head.seq },
          );
        }
        const rest = entries.slice(present);
        for (let start = 0; start < rest.length; start += IMPORT_CHUNK) {
          await insertAndMoveHead(tx, rest.slice(start, start + IMPORT_CHUNK));
        }
        return { imported: rest.length, present };
      }),
    );
  }

  /**
   * Stores the records as the next entries of the chain in ONE statement (socbot_audit_append,
   * migration 0710): it locks the head row, chains and hashes each entry onto it in SQL, inserts it
   * and moves the head. The content (stamp, redaction, canonical JSON around seq and prevHash) is
   * made here, so the hash is the one entryHash computes.
   */
  private async appendBatch(records: AuditRecord[]): Promise<AuditEntry[]> {
    if (records.length === 0) return [];
    // NUL and lone surrogates become U+FFFD before hashing: the hash covers what jsonb stores.
    const contents = records.map((record) => entryContent(asStorableJson(record), this.now(), this.secrets));
    const parts = contents.map(canonicalParts);
    let rows: { seq: number; prev_hash: string; hash: string }[];
    try {
      rows = await this.db.query(
        'SELECT seq, prev_hash, hash FROM socbot_audit_append($1::jsonb, $2::text[], $3::text[], $4::text[])',
        [
          jsonParam(contents),
          parts.map((part) => part.beforePrevHash),
          parts.map((part) => part.betweenPrevHashAndSeq),
          parts.map((part) => part.afterSeq),
        ],
      );
    } catch (error) {
      if (sqlStateOf(error) === NO_DATA_FOUND) throw headMissing();
      throw error;
    }
    return contents.map((content, index) => {
      const row = rows[index];
      if (!row)
        throw new Error(`socbot_audit_append returned ${rows.length} rows for ${contents.length} entries`);
      // The key order chainedEntry gives the file's entries.
      return { seq: row.seq, ...content, prevHash: row.prev_hash, hash: row.hash };
    });
  }
}

/** SQLSTATE socbot_audit_append raises when the head row is missing. */
const NO_DATA_FOUND = 'P0002';

async function chainHead(tx: Queryable, lock: 'FOR UPDATE' | ''): Promise<ChainTail> {
  const [head] = await tx.query<ChainTail>(`SELECT seq, hash FROM audit_chain_head WHERE id ${lock}`);
  if (!head) throw headMissing();
  return head;
}

function headMissing(): SocbotError {
  return new SocbotError(
    'DATABASE_SCHEMA',
    'The audit chain head (table audit_chain_head) has no row, so no entry can be chained. Run `socbot db migrate` on a new database; on an existing one, restore the row from a backup (`socbot audit verify` names the last entry).',
  );
}

/** Inserts the entries (in seq order, chained onto the head) and moves the head to the last: one round trip. */
function insertAndMoveHead(tx: Queryable, entries: readonly AuditEntry[]): Promise<unknown> {
  const tail = entries.at(-1);
  if (!tail) return Promise.resolve();
  return tx.query(
    `WITH inserted AS (
       INSERT INTO audit_entries (seq, entry, hash, prev_hash)
       SELECT (e ->> 'seq')::bigint, e, e ->> 'hash', e ->> 'prevHash' FROM jsonb_array_elements($1::jsonb) AS e
     )
     UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE id`,
    [jsonParam(entries), tail.seq, tail.hash],
  );
}

function wholeEntries(rows: readonly { entry: unknown }[]): AuditEntry[] {
  return rows.flatMap((row) => {
    const entry = asAuditEntry(row.entry);
    return entry ? [entry] : [];
  });
}
