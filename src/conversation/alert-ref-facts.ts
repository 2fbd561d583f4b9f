import type { Entity, EntityType, Recognition } from '../nlu/types';
import type { AlertRecord } from '../skills/types';

/** socbot's own alert reference as a whole value: `SOC-2026-0001`. */
const SOCBOT_REF = /^SOC-\d{4}-\d{4,6}$/i;

/** True when `value` is one of socbot's references (`SOC-2026-0001`), not an alert ID of a SIEM. */
export function isSocbotRef(value: string): boolean {
  return SOCBOT_REF.test(value.trim());
}

/** A registered alert's known values as entities, so a form is pre-filled exactly as from a sentence. */
export function alertFacts(alert: AlertRecord): Entity[] {
  const values: Array<[EntityType, string]> = [
    ['alertId', alert.alertId],
    ['terminal', alert.terminal],
    ['username', alert.username],
    ['system', alert.client ? `${alert.system}/${alert.client}` : alert.system],
    // The SIEM's priority: a P1/P2 alert still notifies the SOC leads.
    ['priority', alert.priority],
  ];
  return values
    .filter(([, value]) => value !== '')
    .map(([entity, value]) => ({ entity, value, sourceText: value, start: 0, end: value.length }));
}

/** A recognition whose socbot references were replaced by the facts of the alerts they name. */
export interface ResolvedRefs {
  recognition: Recognition;
  /** References the register does not know, in the order given. */
  unknown: string[];
}

/**
 * Replaces each socbot reference in the recognized entities by the registered alert's facts (its
 * alert ID, terminal, user, system, priority): "tell basis about SOC-2026-0001" fills the form with
 * what was registered. A reference the register does not know is dropped and reported.
 */
export async function resolveAlertRefs(
  recognition: Recognition,
  find: (ref: string) => Promise<AlertRecord | undefined>,
): Promise<ResolvedRefs> {
  const refs = recognition.entities.filter(
    (entity) => entity.entity === 'alertId' && isSocbotRef(entity.value),
  );
  if (refs.length === 0) return { recognition, unknown: [] };
  const others = recognition.entities.filter((entity) => !refs.includes(entity));
  const facts: Entity[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const alert = await find(ref.value);
    if (alert) facts.push(...alertFacts(alert));
    else unknown.push(ref.value.toUpperCase());
  }
  // What the analyst said in this message wins over the register's values of the same type.
  const said = new Set(others.map((entity) => entity.entity));
  const entities = [...others, ...facts.filter((fact) => !said.has(fact.entity))];
  return { recognition: { ...recognition, entities }, unknown };
}
