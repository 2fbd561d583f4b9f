import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import type { AuditActor } from '../audit/audit-entry';

/**
 * The actor as the audit trail names it: the Entra object id when Teams sent one (stable across
 * channels), else the channel's id; the roles the configuration gives them, or `unknown`.
 *
 * @example
 *   auditActorOf({ id: '29:1', aadObjectId: 'aad-1', name: 'Ana' }, ['analyst']); // { id: 'aad-1', name: 'Ana', role: 'analyst' }
 */
export function auditActorOf(actor: Actor, roles: readonly Role[]): AuditActor {
  return {
    id: actor.aadObjectId ?? actor.id,
    ...(actor.name ? { name: actor.name } : {}),
    role: roles.length > 0 ? roles.join('+') : 'unknown',
  };
}
