import { timelineOf } from '../../audit/alert-timeline';
import type { AuditEntry, AuditRecord } from '../../audit/audit-entry';
import type { AuditTrail } from '../../audit/audit-trail';
import { chainedEntry, type ChainTail } from '../../audit/chained-entry';
import { asAuditEntry, type AuditLine } from '../../audit/read-audit-file';
import { verifyAuditLines, type AuditVerification } from '../../audit/verify-audit';
import type { Database, Queryable } from '../../db/database';
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
 * An append chains its entries onto the head this process last knew (`audit_chain_head`, one row)
 * and inserts them in ONE statement that also moves the head only if it is still that head (compare
 * and set; the row lock orders concurrent statements, and a statement that finds the head moved
 * inserts nothing). When another replica appended meanwhile, the head is read again and the entries
 * chained anew. So appends from all replicas form one chain: seq 1, 2, 3… without gaps, hashed
 * exactly like `audit.jsonl` (chained-entry.ts); one round trip per append while this replica is the
 * only writer (a locking transaction took four). Appends that arrive while one runs share the next
 * (group commit). An entry is durable when `append` resolves (the statement committed).
 *
 * @example
 *   const audit = new PgAuditTrail(backend.db, undefined, credentialValues(config));
 *   await audit.append({ actor: { id: 'system' }, action: 'repair', summary: 'outbox rebuilt' });
 *   const check = await audit.verify();
 */
export class PgAuditTrail implements AuditTrail {
  readonly location: string;
  /** The head as of this process's last append or read; undefined until known, or after a lost race. */
  private knownHead: ChainTail | undefined;
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
   * Chains the records onto the known head and stores them with a compare-and-set of the head; after
   * a lost race (another replica appended), reads the head and chains again. Bounded: a writer that
   * keeps losing gives up with STORAGE_CONFLICT rather than loop.
   */
  private async appendBatch(records: AuditRecord[]): Promise<AuditEntry[]> {
    for (let attempt = 1; attempt <= APPEND_ATTEMPTS; attempt += 1) {
      let tail: ChainTail = this.knownHead ?? (await chainHead(this.db, ''));
      const head = tail;
      // NUL and lone surrogates become U+FFFD before hashing: the hash covers what jsonb stores.
      const entries = records.map((record) => {
        const entry = chainedEntry(tail, asStorableJson(record), this.now(), this.secrets);
        tail = entry;
        return entry;
      });
      const outcome = await insertIfHeadIs(this.db, head, entries);
      if (outcome.stored) {
        this.knownHead = { seq: tail.seq, hash: tail.hash };
        return entries;
      }
      // Another replica appended: chain onto the head the same statement saw (no extra read),
      // unless that statement's snapshot predates the append it lost to (it waited on the head's
      // row lock): then it saw the very head just tried, and the next attempt reads the head.
      const seen = outcome.head;
      this.knownHead = seen && (seen.seq !== head.seq || seen.hash !== head.hash) ? seen : undefined;
    }
    throw new SocbotError(
      'STORAGE_CONFLICT',
      `${this.location}: ${APPEND_ATTEMPTS} attempts to append to the audit chain each found that another replica had appended first. Nothing of this append was written; the request fails and may be tried again.`,
    );
  }
}

/** Attempts of one append against other replicas' appends (each loses only to an append that was stored). */
const APPEND_ATTEMPTS = 50;

/**
 * Inserts the entries and moves the head to the last of them, in one statement, only when the head
 * is still `head`. When it was not, nothing is stored and the answer carries the head as that
 * statement saw it (usually the other replica's new head; if it is already stale too, the next
 * attempt fails once more and sees a newer one).
 */
async function insertIfHeadIs(
  db: Queryable,
  head: ChainTail,
  entries: readonly AuditEntry[],
): Promise<{ stored: true } | { stored: false; head: ChainTail | undefined }> {
  const tail = entries.at(-1);
  if (!tail) return { stored: true };
  const [row] = await db.query<{ moved: number; seq: number | null; hash: string | null }>(
    `WITH moved AS (
       UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE id AND seq = $4 AND hash = $5 RETURNING seq
     ), inserted AS (
       INSERT INTO audit_entries (seq, entry, hash, prev_hash)
       SELECT (e ->> 'seq')::bigint, e, e ->> 'hash', e ->> 'prevHash' FROM jsonb_array_elements($1::jsonb) AS e
       WHERE EXISTS (SELECT 1 FROM moved)
     )
     SELECT (SELECT count(*)::int FROM moved) AS moved, h.seq, h.hash
       FROM (SELECT 1) AS one LEFT JOIN audit_chain_head h ON h.id`,
    [jsonParam(entries), tail.seq, tail.hash, head.seq, head.hash],
  );
  if (row?.moved === 1) return { stored: true };
  return {
    stored: false,
    head:
      row?.seq === null || row?.seq === undefined || row.hash === null
        ? undefined
        : { seq: row.seq, hash: row.hash },
  };
}

async function chainHead(tx: Queryable, lock: 'FOR UPDATE' | ''): Promise<ChainTail> {
  const [head] = await tx.query<ChainTail>(`SELECT seq, hash FROM audit_chain_head WHERE id ${lock}`);
  if (!head) {
    throw new SocbotError(
      'DATABASE_SCHEMA',
      'The audit chain head (table audit_chain_head) has no row, so no entry can be chained. Run `socbot db migrate` on a new database; on an existing one, restore the row from a backup (`socbot audit verify` names the last entry).',
    );
  }
  return head;
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
