import type { Logger } from '../logger';
import type { AccessConfig } from './access-config';
import { normalizeIdentity } from './access-config';
import { leadIdentitiesOf, type LeadIdentities } from './lead-identity';
import type { Actor } from './actor';
import type { Role } from './roles';
import { permittedRoles, SIDE_EFFECT_LABELS, type SideEffect } from './side-effects';

/** Why a side effect was refused: callers branch on it and audit it. */
export type RefusalCode = 'UNKNOWN_USER' | 'ROLE_NOT_PERMITTED';

/** The answer of `authorize`: allowed with the roles that allowed it, or refused with a reason to show and audit. */
export type AccessDecision =
  { allowed: true; roles: Role[] } | { allowed: false; code: RefusalCode; reason: string; roles: Role[] };

/**
 * The roles that the configuration gives the actor (by Entra object id, channel id or e-mail).
 * Once any role is configured, the local console user is not special: list it like anyone else,
 * so a configured deployment has no identity that acts without being named.
 */
export function rolesOf(actor: Actor, access: AccessConfig): Role[] {
  // A Teams user of another tenant than socbot's: an id or e-mail there proves nothing here.
  if (actor.foreignTenant !== undefined) return [];
  if (access.openLocalMode) return actor.local ? ['analyst', 'lead'] : [];
  const roles = new Set<Role>();
  for (const identity of [actor.aadObjectId, actor.id, actor.email]) {
    if (!identity) continue;
    for (const role of access.assignments.get(normalizeIdentity(identity)) ?? []) roles.add(role);
  }
  return [...roles].sort();
}

/**
 * May this actor trigger this side effect? An unknown user may trigger none. Callers audit every
 * refusal and show `reason` to the user.
 *
 * @example
 *   const decision = authorize(actor, 'block_terminal', access);
 *   if (!decision.allowed) {
 *     await audit.append({ actor, action: 'refusal', summary: 'block terminal', result: decision.reason });
 *     return reply(decision.reason);
 *   }
 */
export function authorize(actor: Actor, action: SideEffect, access: AccessConfig): AccessDecision {
  const roles = rolesOf(actor, access);
  const label = SIDE_EFFECT_LABELS[action];
  if (actor.foreignTenant !== undefined) {
    const reason =
      `${label} is not possible for you: your Teams activity comes from ` +
      (actor.foreignTenant === ''
        ? 'no Microsoft Entra tenant'
        : `another Microsoft Entra tenant (${actor.foreignTenant})`) +
      " than socbot's (MicrosoftAppTenantId), so you count as an unknown user.";
    return { allowed: false, code: 'UNKNOWN_USER', reason, roles: [] };
  }
  if (roles.length === 0) {
    const reason = access.openLocalMode
      ? `${label} is not possible for you: socbot has no roles configured yet, so only the local console user may act. ` +
        'An administrator assigns roles with SOCBOT_ROLES or SOCBOT_ROLES_FILE.'
      : `${label} is not possible for you: you are not in socbot's role configuration. ` +
        `Ask a SOC lead to add your e-mail or Entra object id${actor.aadObjectId ? ` (${actor.aadObjectId})` : ''} to SOCBOT_ROLES.`;
    return { allowed: false, code: 'UNKNOWN_USER', reason, roles };
  }
  const permitted = permittedRoles(action, access);
  if (roles.some((role) => permitted.includes(role))) return { allowed: true, roles };
  return {
    allowed: false,
    code: 'ROLE_NOT_PERMITTED',
    reason: `${label} needs the ${orList(permitted)} role; you are ${orList(roles, 'and')}. Ask a SOC lead.`,
    roles,
  };
}

/**
 * `authorize` bound to one configuration, logging once at creation when socbot runs in open local
 * mode (no roles configured), so that state is never silent.
 *
 * @example
 *   const access = createAuthorizer(config.access, logger);
 *   access.authorize(actor, 'register_alert');
 */
export function createAuthorizer(
  access: AccessConfig,
  logger?: Logger,
): {
  authorize(actor: Actor, action: SideEffect): AccessDecision;
  rolesOf(actor: Actor): Role[];
  leads: LeadIdentities;
} {
  if (access.openLocalMode) {
    logger?.warn(
      'access: open local mode: no roles configured (SOCBOT_ROLES, SOCBOT_ROLES_FILE). The local console/Web Chat user acts as analyst and lead; Teams and other Bot Framework users can trigger no side effect until roles are configured.',
    );
  } else {
    logger?.info(
      { identities: access.assignments.size, analystsMayBlock: access.analystsMayBlock },
      'access: roles loaded',
    );
  }
  return {
    authorize: (actor, action) => authorize(actor, action, access),
    rolesOf: (actor) => rolesOf(actor, access),
    leads: leadIdentitiesOf(access),
  };
}

function orList(items: readonly string[], word = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}
