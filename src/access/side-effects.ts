import { ALERT_READER_ROLES } from './alert-readers';
import type { Role } from './roles';

/**
 * The side effects a user can trigger through socbot; each is checked by `authorize`. `read_alerts`
 * changes nothing: it is the look-ups and lists of the register (alert-readers.ts), checked the same way
 * so a skill's manifest can name it.
 */
export const SIDE_EFFECTS = [
  'register_alert',
  'inform_basis',
  'block_terminal',
  'lock_user',
  'acknowledge_basis_notice',
  'label_review_queue',
  'take_alert',
  'assign_alert',
  'note_alert',
  'contain_alert',
  'close_alert',
  'reopen_alert',
  'read_alerts',
  'investigate_alert',
  'approve_action',
  'enrich_indicator',
  'correct_mail_category',
] as const;

/** One of SIDE_EFFECTS. */
export type SideEffect = (typeof SIDE_EFFECTS)[number];

/** How each side effect reads in a refusal ("Blocking a terminal needs …"). */
export const SIDE_EFFECT_LABELS: Record<SideEffect, string> = {
  register_alert: 'Registering an alert',
  inform_basis: 'Informing the Basis team',
  block_terminal: 'Blocking a terminal',
  lock_user: 'Locking a user',
  acknowledge_basis_notice: 'Acknowledging a Basis notice',
  label_review_queue: 'Labelling the review queue',
  take_alert: 'Taking the lead of an alert',
  assign_alert: 'Assigning an alert to someone else',
  note_alert: 'Adding a note to an alert',
  contain_alert: 'Marking an alert contained',
  close_alert: 'Closing an alert',
  reopen_alert: 'Reopening a closed alert',
  read_alerts: 'Looking up registered alerts',
  investigate_alert: "Opening an incident's room or timeline",
  approve_action: "Approving or rejecting another person's request",
  enrich_indicator: 'Looking up an indicator (IP, domain, URL, hash) at the threat-intelligence services',
  correct_mail_category: 'Correcting the category of a mail to the SOC mailbox',
};

/**
 * Which roles may trigger which side effect.
 *
 * Blocking a terminal and locking a user stop people working on production SAP systems, so they
 * belong to leads by default; a SOC that lets analysts act alone (night shift without a lead)
 * sets SOCBOT_ANALYSTS_MAY_BLOCK=true.
 *
 * An alert's lifecycle: analysts work alerts (take an unassigned one, note, contain, close one they
 * lead: src/access/alert-lifecycle-rules.ts adds the per-alert part); handing work to others
 * (assign, take over) and undoing a decision (reopen) belong to leads.
 *
 * Approving a request (the two-person rule, src/app/approvals.ts) is a lead's: the approver takes
 * the responsibility the requester could not take alone.
 *
 * @example
 *   permittedRoles('block_terminal', { analystsMayBlock: false }) // → ['lead']
 */
export function permittedRoles(action: SideEffect, options: { analystsMayBlock: boolean }): readonly Role[] {
  switch (action) {
    case 'register_alert':
    case 'inform_basis':
      return ['analyst', 'lead'];
    case 'block_terminal':
    case 'lock_user':
      return options.analystsMayBlock ? ['lead', 'analyst'] : ['lead'];
    case 'acknowledge_basis_notice':
      return ['basis', 'lead'];
    case 'label_review_queue':
      return ['engineer'];
    case 'take_alert':
    case 'note_alert':
    case 'contain_alert':
    case 'close_alert':
    case 'investigate_alert':
    case 'enrich_indicator': // read-only, but it spends the SOC's API quota: the SOC's own people
    case 'correct_mail_category': // its own right: it re-routes the mail and is the monthly review's ground truth
      return ['analyst', 'lead'];
    case 'assign_alert':
    case 'reopen_alert':
    case 'approve_action':
      return ['lead'];
    case 'read_alerts':
      return ALERT_READER_ROLES;
  }
}
