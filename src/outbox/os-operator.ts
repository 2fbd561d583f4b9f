import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { AuditActor } from '../audit/audit-entry';

/**
 * The operator an OS account is, as the audit trail names them: the account's name for a uid (this
 * process's own, or from /etc/passwd), or the bare uid when the account has no name there. Read
 * from the system, never from what a request or the environment says ($USER can be set to anyone).
 *
 * @example
 *   await osOperator(1000); // { id: 'os:olga', name: 'olga', role: 'operator' }
 *   await osOperator(4242); // { id: 'os:uid-4242', name: 'uid 4242', role: 'operator' } (no such account)
 */
export async function osOperator(uid: number): Promise<AuditActor> {
  const name = (await accountName(uid)) ?? `uid ${uid}`;
  return { id: `os:${name.replace(/ /g, '-')}`, name, role: 'operator' };
}

/** The account this process runs as (-1 where there are no uids). */
export function processOperatorUid(): number {
  return process.getuid?.() ?? -1;
}

async function accountName(uid: number): Promise<string | undefined> {
  if (uid === processOperatorUid()) {
    // os.userInfo() throws for a uid without an account (a container run with --user 4242).
    const self = (() => {
      try {
        return os.userInfo();
      } catch {
        return undefined;
      }
    })();
    if (self) return self.username;
  }
  // Node has no getpwuid: /etc/passwd knows local accounts (name:x:uid:…); others stay a uid.
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id === String(uid)) return name;
  }
  return undefined;
}
