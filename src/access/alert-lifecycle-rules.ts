import type { AlertChangeAction, AlertLead } from '../store/alert-change';
import { isLedBy } from './lead-identity';
import type { Role } from './roles';
import type { SideEffect } from './side-effects';

/** What the per-alert rule needs to know: who asks, who leads the alert now, who is to lead it. */
export interface AlertChangeAsked {
  action: AlertChangeAction;
  /** Every identity the asker is known by, normalized (lead-identity.ts). */
  asker: readonly string[];
  currentLead: AlertLead | null;
  /** For `lead`: the identity of who is to lead it. */
  newLead?: string;
}

/**
 * The side effect a lifecycle change is checked as (side-effects.ts says which roles may): taking
 * an unassigned alert (or one's own, or one whose lead was recorded by name only) is `take_alert`;
 * naming someone else, or taking an alert another person leads, hands work over and is
 * `assign_alert`.
 *
 * @example
 *   sideEffectOfChange({ action: 'lead', asker: ['ana-29'], currentLead: null, newLead: 'ana-29' }); // 'take_alert'
 */
export function sideEffectOfChange(asked: AlertChangeAsked): SideEffect {
  switch (asked.action) {
    case 'lead': {
      const forSelf = asked.newLead !== undefined && asked.asker.includes(asked.newLead);
      // A lead recorded by name only (before identities) is nobody's: taking it is not a handover.
      const free =
        asked.currentLead === null ||
        asked.currentLead.id === null ||
        isLedBy(asked.currentLead, asked.asker);
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
  if (asked.action !== 'close' || roles.includes('lead') || isLedBy(asked.currentLead, asked.asker)) {
    return undefined;
  }
  if (asked.currentLead === null) {
    return 'An analyst closes only an alert they lead, and this one has no lead yet. Take the lead first, or ask a SOC lead.';
  }
  if (asked.currentLead.id === null) {
    return (
      `An analyst closes only an alert they lead; ${asked.currentLead.name} was named its lead before socbot ` +
      "kept who a lead is, so it counts as nobody's. Take the lead again first, or ask a SOC lead to close it."
    );
  }
  return `An analyst closes only an alert they lead; ${asked.currentLead.name} leads this one. Ask them or a SOC lead.`;
}
