import type { Database, Queryable } from '../../db/database';
import type { MailboxLease, MailboxLock } from '../../mail/intake/mailbox-lock';

/** The first key of the mailbox advisory locks (the second is a hash of the mailbox's name). */
const MAILBOX_LOCK_SPACE = 4_215_500;
/** How often a holder checks that its connection (and so its lock) is still there. */
const DEFAULT_HEARTBEAT_MS = 5000;

/**
 * The mailbox lock as a PostgreSQL session advisory lock, held on one connection of its own for as
 * long as this replica reads the mailbox. A replica that dies loses its connection and with it the
 * lock (the server frees it), so another replica takes the mailbox over at its next try; the
 * holder checks its connection every `heartbeatMs` and stops reading when it is gone.
 *
 * @example
 *   const lock = new PgMailboxLock(backend.db);
 *   const lease = await lock.tryAcquire('soc@mail.corp.example/INBOX'); // undefined while another replica reads it
 */
export class PgMailboxLock implements MailboxLock {
  constructor(
    private readonly db: Database,
    private readonly options: { heartbeatMs?: number } = {},
  ) {}

  /** `mailbox`: its name (`user@host/folder`); replicas reading the same mailbox share the lock. */
  tryAcquire(mailbox: string): Promise<MailboxLease | undefined> {
    return new Promise<MailboxLease | undefined>((resolve, reject) => {
      // The connection stays checked out while the lease lives: withClient's work ends at release.
      this.db
        .withClient(async (client) => {
          const [row] = await client.query<{ locked: boolean }>(
            'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
            [MAILBOX_LOCK_SPACE, mailbox],
          );
          if (!row?.locked) {
            resolve(undefined);
            return;
          }
          await this.hold(client, mailbox, resolve);
        })
        .catch(reject);
    });
  }

  /** Hands out the lease and keeps the connection until it is released or found dead. */
  private async hold(
    client: Queryable,
    mailbox: string,
    handOut: (lease: MailboxLease) => void,
  ): Promise<void> {
    let released = false;
    let wakeUp: () => void = () => undefined;
    let declareLost: (why: Error) => void = () => undefined;
    let settle: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (settle = resolve));
    const lease: MailboxLease = {
      lost: new Promise<Error>((resolve) => (declareLost = resolve)),
      release: async () => {
        released = true;
        wakeUp();
        await finished;
      },
    };
    handOut(lease);
    const heartbeatMs = this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    try {
      while (!released) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, heartbeatMs);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (released) break;
        try {
          await client.query('SELECT 1');
        } catch (error) {
          declareLost(error instanceof Error ? error : new Error(String(error)));
          // withClient closes a connection whose work failed: nothing is left to unlock.
          throw error;
        }
      }
      // A failed unlock throws: withClient then closes the connection, which frees the lock too.
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [MAILBOX_LOCK_SPACE, mailbox]);
    } finally {
      settle();
    }
  }
}
