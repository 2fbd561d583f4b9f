import { normalizeIdentity, type AccessConfig } from './access-config';
import type { AlertLead } from '../store/alert-change';
import type { Actor } from './actor';

/** How the alert lifecycle names people as leads, bound to one role configuration. */
export interface LeadIdentities {
  /** Every identity the actor is known by, normalized (an alert led by any of them is theirs). */
  identitiesOf(actor: Actor): string[];
  /** The identity stored when the actor takes the lead: the one the role configuration names them by. */
  leadIdentityOf(actor: Actor): string;
  /** `named` as a normalized identity that holds the analyst or lead role; undefined otherwise. */
  assignableLead(named: string): string | undefined;
  /**
   * The analyst and lead e-mails whose local part starts with `firstName` ("maria" →
   * maria.rossi@corp.com), sorted: a first name names someone only when exactly one matches.
   */
  assignableByFirstName(firstName: string): string[];
  /**
   * False in open local mode (no roles configured): the local user acts by the mode, not by an
   * identity, so nobody can be named a lead and an alert can only be taken.
   */
  readonly rolesConfigured: boolean;
}

/** The shortest name read as a first name ("Al"): shorter ones name nobody. */
const MIN_FIRST_NAME_CHARS = 2;

/**
 * Lead identities for `access`. Display names are not unique (two analysts may both be called Maria
 * Rossi), so leads are named and compared by identity only.
 *
 * @example
 *   const leads = leadIdentitiesOf(accessConfigOf({ analyst: ['ana@corp.com'] }));
 *   leads.assignableLead('Ana@Corp.com'); // 'ana@corp.com'
 */
export function leadIdentitiesOf(access: AccessConfig): LeadIdentities {
  const identitiesOf = (actor: Actor): string[] =>
    [actor.aadObjectId, actor.email, actor.id]
      .filter((identity): identity is string => !!identity?.trim())
      .map(normalizeIdentity);
  return {
    identitiesOf,
    leadIdentityOf(actor) {
      const identities = identitiesOf(actor);
      return identities.find((identity) => access.assignments.has(identity)) ?? identities[0] ?? '';
    },
    assignableLead(named) {
      const identity = normalizeIdentity(named);
      const roles = access.assignments.get(identity);
      return roles?.has('analyst') || roles?.has('lead') ? identity : undefined;
    },
    assignableByFirstName(firstName) {
      const prefix = firstName.trim().toLowerCase();
      // A single letter is no first name: "a" would list half the SOC's e-mails.
      if (prefix.length < MIN_FIRST_NAME_CHARS || prefix.includes('@')) return [];
      return [...access.assignments]
        .filter(([identity, roles]) => (roles.has('analyst') || roles.has('lead')) && identity.includes('@'))
        .map(([identity]) => identity)
        .filter((email) => email.slice(0, email.indexOf('@')).toLowerCase().startsWith(prefix))
        .sort();
    },
    rolesConfigured: !access.openLocalMode,
  };
}

/** True when `lead` is one of `identities`; a lead without identity (an old line) is nobody's. */
export function isLedBy(lead: AlertLead | null, identities: readonly string[]): boolean {
  return lead !== null && lead.id !== null && identities.includes(lead.id);
}
