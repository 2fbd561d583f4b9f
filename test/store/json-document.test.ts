import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { fileDocuments } from '../../src/store/file-documents';
import { DOCUMENTS_TABLE, pgDocuments } from '../../src/store/postgres/pg-document';
import { createTestDatabase } from '../helpers/postgres';
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
  const testDb = await createTestDatabase();
  const db = new Database(testDb.settings);
  return {
    documents: () => pgDocuments(db),
    plant: async (name, body) => {
      await db.query(
        `INSERT INTO ${DOCUMENTS_TABLE} (name, body) VALUES ($1, $2::jsonb)
         ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body`,
        [name, JSON.stringify(body)],
      );
    },
    close: async () => {
      await db.close();
      await testDb.drop();
    },
  };
});
