import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileDocuments } from '../../src/store/file-documents';
import { DOCUMENTS_TABLE, pgDocuments } from '../../src/store/postgres/pg-document';
import { openTestPool } from '../helpers/postgres';
import { describeJsonDocumentContract } from './contracts/json-document-contract';

describeJsonDocumentContract('DataFile (files in the data directory)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-documents-'));
  return {
    documents: () => fileDocuments(dir),
    plant: (name, body) => writeFile(path.join(dir, name), JSON.stringify(body)),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describeJsonDocumentContract('PgDocument (PostgreSQL)', async () => {
  const { db, close } = await openTestPool();
  return {
    documents: () => pgDocuments(db),
    plant: async (name, body) => {
      await db.query(
        `INSERT INTO ${DOCUMENTS_TABLE} (name, body) VALUES ($1, $2::jsonb)
         ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body`,
        [name, JSON.stringify(body)],
      );
    },
    close,
  };
});
