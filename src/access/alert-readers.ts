import type { Role } from './roles';

/**
 * The roles that may read what the register holds about an alert (its terminal, user, system):
 * the SOC's own people. Basis and engineers get what is sent to them, not lookups by reference.
 */
export const ALERT_READER_ROLES: readonly Role[] = ['analyst', 'lead'];

/** True when one of `roles` may read registered alerts. */
export function mayReadAlerts(roles: readonly Role[]): boolean {
  return roles.some((role) => ALERT_READER_ROLES.includes(role));
}
