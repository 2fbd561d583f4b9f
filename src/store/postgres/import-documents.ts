import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/database';
import { PROCESSED_MAIL_FILE_NAME } from '../../mail/intake/processed-mail-log';
import { APPROVALS_FILE_NAME } from '../approval-requests';
import { BASIS_REQUESTS_FILE_NAME } from '../basis-request-log';
import { corrupt, isPlainObject } from '../data-file';
import { CONVERSATIONS_FILE_NAME, isDirectoryFile } from '../document-directory-records';
import { ESCALATION_ACKS_FILE_NAME } from '../escalation-acks';
import { INCIDENT_ROOMS_FILE_NAME } from '../incident-rooms';
import { JsonLinesAppender } from '../json-lines-appender';
import { MAIL_LOG_FILE_NAME } from '../mail-log';
import { NEXT_STEPS_FILE_NAME } from '../next-step-log';
import { REVIEW_FILE_NAME } from '../review-queue';
import { TRIAGE_FILE_NAME } from '../triage-log';
import { DOCUMENTS_TABLE } from './pg-document';
import { PgConversationDirectory } from './pg-conversation-directory';
import { LOG_LINES_TABLE } from './pg-json-lines-log';
import { jsonParam } from '../../db/json-param';

/**
 * The whole-document files whose stores run on PostgreSQL through PgDocument, and the conversation
 * directory's, whose addresses and registrations become rows (PgConversationDirectory).
 */
export const IMPORTED_DOCUMENTS = [
  REVIEW_FILE_NAME,
  BASIS_REQUESTS_FILE_NAME,
  CONVERSATIONS_FILE_NAME,
  INCIDENT_ROOMS_FILE_NAME,
  APPROVALS_FILE_NAME,
  ESCALATION_ACKS_FILE_NAME,
] as const;

/** The JSON Lines logs whose stores run on PostgreSQL through PgJsonLinesLog. */
export const IMPORTED_LOGS = [
  TRIAGE_FILE_NAME,
  MAIL_LOG_FILE_NAME,
  NEXT_STEPS_FILE_NAME,
  PROCESSED_MAIL_FILE_NAME,
] as const;

/**
 * What one import did with each file: `copied`; `kept` (PostgreSQL had it already: never
 * overwritten, so a second import changes nothing); `absent` (no such file).
 */
export interface DocumentImportReport {
  documents: { name: string; outcome: 'copied' | 'kept' | 'absent' }[];
  /** `lines` copied; `skipped`: lines that were not JSON (a write cut off by a crash). */
  logs: { name: string; outcome: 'copied' | 'kept' | 'absent'; lines: number; skipped: number }[];
}

/**
 * Copies the data directory's documents (review queue, Basis requests, conversations, incident
 * rooms, approvals, escalation acks) and logs (triage, mail, next steps, processed mail) into
 * PostgreSQL, for `socbot migrate-data --from ./data`. Idempotent: a document or log PostgreSQL has
 * already is kept as it is (each one is copied in one transaction, all or nothing), so the import
 * can run again after a failure. A file that is not JSON stops the import with STORAGE_CORRUPT
 * naming it; nothing of that file is copied.
 *
 * @example
 *   const report = await importDocumentsFromFiles('./data', backend);
 *   report.documents.find((d) => d.name === 'approvals.json')?.outcome; // 'copied'
 */
export async function importDocumentsFromFiles(
  dataDir: string,
  backend: { readonly db: Database },
): Promise<DocumentImportReport> {
  const report: DocumentImportReport = { documents: [], logs: [] };
  for (const name of IMPORTED_DOCUMENTS)
    report.documents.push({ name, outcome: await importDocument(dataDir, name, backend.db) });
  for (const name of IMPORTED_LOGS)
    report.logs.push({ name, ...(await importLog(dataDir, name, backend.db)) });
  return report;
}

async function importDocument(
  dataDir: string,
  name: string,
  db: Database,
): Promise<DocumentImportReport['documents'][number]['outcome']> {
  const file = path.join(dataDir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `it is not valid JSON (${(error as Error).message})`, error);
  }
  if (!isPlainObject(body)) throw corrupt(file, 'its content is not a JSON object');
  if (name === CONVERSATIONS_FILE_NAME) {
    if (!isDirectoryFile(body)) throw corrupt(file, 'it lacks the "references" and "audiences" objects');
    return (await new PgConversationDirectory(db).copyIn(body)) ? 'copied' : 'kept';
  }
  const inserted = await db.query(
    `INSERT INTO ${DOCUMENTS_TABLE} (name, body) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING RETURNING name`,
    [name, jsonParam(body)],
  );
  return inserted.length > 0 ? 'copied' : 'kept';
}

async function importLog(
  dataDir: string,
  name: string,
  db: Database,
): Promise<Omit<DocumentImportReport['logs'][number], 'name'>> {
  const file = path.join(dataDir, name);
  const { values, unreadable } = await new JsonLinesAppender(file).read();
  if (values.length === 0 && unreadable === 0) return { outcome: 'absent', lines: 0, skipped: 0 };
  return db.transaction(async (tx) => {
    // Two imports at once: the second waits here, then finds the log present.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`socbot import ${name}`]);
    const present = await tx.query(`SELECT 1 FROM ${LOG_LINES_TABLE} WHERE log = $1 LIMIT 1`, [name]);
    if (present.length > 0) return { outcome: 'kept' as const, lines: 0, skipped: unreadable };
    await tx.query(
      `INSERT INTO ${LOG_LINES_TABLE} (log, body)
       SELECT $1, line.body::jsonb FROM unnest($2::text[]) WITH ORDINALITY AS line(body, n) ORDER BY line.n`,
      [name, values.map((value) => jsonParam(value))],
    );
    return { outcome: 'copied' as const, lines: values.length, skipped: unreadable };
  });
}
