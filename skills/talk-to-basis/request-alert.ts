import { splitSystemAndClient } from '../../src/skills/system-slot';
import type { AlertRecord, SkillServices } from '../../src/skills/types';

/** The form's values that say which attack a request is about. */
export interface RequestFacts {
  alertId: string;
  terminal: string;
  username: string;
  system: string;
}

/** The alert a request is about, and the other alerts registered with the same facts. */
export interface RequestAlert {
  alert: AlertRecord | undefined;
  /** References of older alerts with the same alert ID, terminal, user and system (oldest first). */
  alsoRegisteredAs: string[];
}

/**
 * The registered alert a Basis request is about. An alert ID may have been registered more than
 * once (a SIEM's 4711 again, "yes anyway"), and "tell basis about SOC-2026-0001" fills the form with
 * that alert's ID, terminal, user and system: of the alerts with the form's alert ID, the latest
 * whose terminal, user and system are the form's is the one, not merely the latest with the ID.
 * Without such an alert, the latest with the ID (or the one a socbot reference in the slot names).
 * The form holds the alert ID, not the reference: of alerts alike in all four, the latest is taken
 * and the others are named, so the analyst sees which one the request went to.
 */
export async function alertOfRequest(
  alerts: SkillServices['alerts'],
  facts: RequestFacts,
): Promise<RequestAlert> {
  const sameAttack = (await alerts.withAlertId(facts.alertId)).filter((alert) => sameFacts(alert, facts));
  const latest = sameAttack.at(-1);
  if (!latest) return { alert: await alerts.find(facts.alertId), alsoRegisteredAs: [] };
  return { alert: latest, alsoRegisteredAs: sameAttack.slice(0, -1).map((alert) => alert.ref) };
}

function sameFacts(alert: AlertRecord, facts: RequestFacts): boolean {
  const said = splitSystemAndClient(facts.system);
  return (
    same(alert.terminal, facts.terminal) &&
    same(alert.username, facts.username) &&
    same(alert.system, said.system) &&
    same(alert.client ?? '', said.client ?? '')
  );
}

/** SAP user IDs, SIDs and host names are case-insensitive. */
function same(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}
