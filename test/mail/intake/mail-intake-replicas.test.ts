import { Database } from '../../../src/db/database';
import { startMailIntake, type MailIntake } from '../../../src/mail/intake/mail-intake';
import type { MailHandler } from '../../../src/mail/intake/mail-pass';
import { ProcessedMailLog } from '../../../src/mail/intake/processed-mail-log';
import { PgMailboxLock } from '../../../src/store/postgres/pg-mailbox-lock';
import { pgJsonLinesLogs } from '../../../src/store/postgres/pg-json-lines-log';
import { createCapturedLogger } from '../../helpers/captured-logger';
import { startDovecot, type Dovecot } from '../../helpers/dovecot';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';
import { deliver, rawMail, recordingHandler, testParse, waitFor } from './intake-test-kit';

/** Two replicas (two pools, two intakes, two data directories) on one PostgreSQL and one dovecot. */
describe('mail intake on two replicas', () => {
  let dovecot: Dovecot;
  let testDb: TestDatabase;
  let replicaA: Database;
  let replicaB: Database;
  const running: MailIntake[] = [];
  const folder = 'Replicas';

  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });
  beforeEach(async () => {
    testDb = await createTestDatabase();
    replicaA = new Database(testDb.settings);
    replicaB = new Database(testDb.settings);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((intake) => intake.stop()));
    await Promise.all([replicaA.close(), replicaB.close()]);
    await testDb.drop();
  });

  function start(db: Database, handle: MailHandler): MailIntake {
    const url = dovecot.url(folder);
    const intake = startMailIntake({
      settings: {
        url,
        password: dovecot.password,
        pollSeconds: 60,
        idle: true,
        processed: 'flag',
        processedFolder: 'socbot-processed',
      },
      dataDir: '/nonexistent/socbot-replica-data',
      processedLogs: pgJsonLinesLogs(db),
      lock: new PgMailboxLock(db, { heartbeatMs: 50 }),
      standbyRetryMs: 30,
      logger: createCapturedLogger('silent').logger,
      parse: testParse,
      handle,
      reconnect: { minMs: 20, maxMs: 200 },
    });
    running.push(intake);
    return intake;
  }

  it('lets one replica read the mailbox; the other stands by and takes over with the shared memory', async () => {
    await deliver(dovecot, folder, rawMail({ subject: 'first', messageId: '<r1@corp.example>' }));
    const handlerA = recordingHandler();
    const handlerB = recordingHandler();
    const a = start(replicaA, handlerA.handle);
    await waitFor('replica A reads the mailbox', () => a.status().processed === 1);
    const b = start(replicaB, handlerB.handle);
    await waitFor('replica B stands by', () => b.status().state === 'standby');
    expect(a.status().state).toBe('connected');

    // A stops (a rolling update): B takes over and does not hand the first mail over again.
    await a.stop();
    await waitFor('replica B reads the mailbox', () => b.status().state === 'connected');
    await deliver(dovecot, folder, rawMail({ subject: 'second', messageId: '<r2@corp.example>' }));
    await waitFor('the second mail', () => handlerB.handed.length === 1);
    expect(handlerA.subjects()).toEqual(['first']);
    expect(handlerB.subjects()).toEqual(['second']);

    // The processed memory is one, in PostgreSQL.
    const memory = await ProcessedMailLog.open(pgJsonLinesLogs(replicaA));
    expect(memory.count('processed')).toBe(2);
  });
});
