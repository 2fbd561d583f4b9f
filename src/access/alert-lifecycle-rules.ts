import type { AlertChangeAction } from '../store/alert-change';
import type { Role } from './roles';
import type { SideEffect } from './side-effects';

/** What the per-alert rule needs to know: who asks, who leads the alert now, who is to lead it. */
export interface AlertChangeAsked {
  action: AlertChangeAction;
  /** How the asker is named as a lead (their name, else their id). */
  asker: string;
  currentLead: string | null;
  /** For `lead`: who is to lead it. */
  newLead?: string;
}

/** The same person, however a chat message capitalised the name. */
export function sameLead(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The side effect a lifecycle change is checked as (side-effects.ts says which roles may): taking
 * an unassigned alert (or one's own) is `take_alert`; naming someone else, or taking an alert
 * another person leads, hands work over and is `assign_alert`.
 *
 * @example
 *   sideEffectOfChange({ action: 'lead', asker: 'Ana', currentLead: null, newLead: 'Ana' }); // 'take_alert'
 */
export function sideEffectOfChange(asked: AlertChangeAsked): SideEffect {
  switch (asked.action) {
    case 'lead': {
      const forSelf = sameLead(asked.newLead, asked.asker);
      const free = asked.currentLead === null || sameLead(asked.currentLead, asked.asker);
      return forSelf && free ? 'take_alert' : 'assign_alert';
    }
    case 'note':
      return 'note_alert';
    case 'contain':
      return 'contain_alert';
    case 'close':
      return 'close_alert';
    case 'reopen':
      return 'reopen_alert';
  }
}

/**
 * The part of the policy that depends on the alert, after the role check: an analyst closes only
 * an alert they lead (the person who worked it decides what it was); a SOC lead closes any. Returns
 * the reason to show, or undefined when allowed.
 */
export function alertRuleRefusal(asked: AlertChangeAsked, roles: readonly Role[]): string | undefined {
  if (asked.action !== 'close' || roles.includes('lead') || sameLead(asked.currentLead, asked.asker)) {
    return undefined;
  }
  return asked.currentLead === null
    ? 'An analyst closes only an alert they lead, and this one has no lead yet. Take the lead first, or ask a SOC lead.'
    : `An analyst closes only an alert they lead; ${asked.currentLead} leads this one. Ask them or a SOC lead.`;
}
