import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileOutboxStore } from '../../src/outbox/file-outbox-store';
import { PgOutboxStore } from '../../src/store/postgres/pg-outbox-store';
import { openTestPool } from '../helpers/postgres';
import { describeOutboxStoreContract } from './contracts/outbox-store-contract';

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'socbot-outbox-store-'));
}

describeOutboxStoreContract('FileOutboxStore', async () => {
  const dataDir = await tempDir();
  const store = new FileOutboxStore(dataDir);
  return {
    store,
    dataDir,
    cleanup: async () => {
      await store.flush();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describeOutboxStoreContract('PgOutboxStore', async () => {
  const dataDir = await tempDir();
  const { db, close } = await openTestPool();
  return {
    store: new PgOutboxStore(db, 'replica-a'),
    dataDir,
    cleanup: async () => {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
