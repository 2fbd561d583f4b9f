import type { Role } from './roles';

/** The side effects a user can trigger through socbot; each is checked by `authorize`. */
export const SIDE_EFFECTS = [
  'register_alert',
  'inform_basis',
  'block_terminal',
  'lock_user',
  'acknowledge_basis_notice',
  'label_review_queue',
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
};

/**
 * Which roles may trigger which side effect.
 *
 * Blocking a terminal and locking a user stop people working on production SAP systems, so they
 * belong to leads by default; a SOC that lets analysts act alone (night shift without a lead)
 * sets SOCBOT_ANALYSTS_MAY_BLOCK=true.
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
  }
}
