import { randomUUID } from 'node:crypto';
import { isLifecycleEntityType, type Entity } from '../nlu/types';
import type { Skill, SkillSlot } from '../skills/types';
import type { ConversationMemory, FormState } from './conversation-memory';
import { entityValue, validateEntityValue } from './entity-values';

/** A slot value that changed in this turn, for the "Noted:" / "Changed …" acknowledgement. */
export interface ValueChange {
  label: string;
  value: string;
  previous?: string;
}

/**
 * Remembers every valid entity as a conversation fact and, when a form is open, puts it into the
 * slot of that entity type (a correction if the slot had another value). Invalid values are
 * dropped here: the slot stays open and is asked for, with the reason, when its turn comes.
 */
export function applyEntities(
  memory: ConversationMemory,
  entities: readonly Entity[],
  skill?: Skill,
): ValueChange[] {
  const changes: ValueChange[] = [];
  for (const entity of withoutAddressTerminals(entities)) {
    const checked = validateEntityValue(entity.entity, entityValue(entity));
    if (!checked.ok) continue;
    const slot = skill?.manifest.slots.find((candidate) => candidate.entity === entity.entity);
    if (slot && memory.form) {
      const change = setSlot(memory, memory.form, slot, checked.value);
      if (change) changes.push(change);
    } else if (!isLifecycleEntityType(entity.entity) && memory.facts[entity.entity] !== checked.value) {
      // A reference, classification, person or note belongs to its command, not to the incident's
      // facts: "it" is ConversationMemory.about.
      const previous = memory.facts[entity.entity];
      memory.facts[entity.entity] = checked.value;
      changes.push({
        label: FACT_LABELS[entity.entity],
        value: checked.value,
        ...(previous ? { previous } : {}),
      });
    }
  }
  return changes;
}

/**
 * An IP address is also read as the terminal (where the attacker sat), but a terminal named as one
 * ("terminal PC-1016 ip 10.1.2.3") is the terminal: the address, said later, must not replace it.
 */
function withoutAddressTerminals(entities: readonly Entity[]): readonly Entity[] {
  const addresses = new Set(
    entities.filter((entity) => entity.entity === 'ip').map((entity) => entity.value),
  );
  const isAddressTerminal = (entity: Entity): boolean =>
    entity.entity === 'terminal' && addresses.has(entity.value);
  const named = entities.some((entity) => entity.entity === 'terminal' && !isAddressTerminal(entity));
  return named ? entities.filter((entity) => !isAddressTerminal(entity)) : entities;
}

/** Sets a slot (and the fact of its entity type); returns the change, or undefined if the value was already there. */
export function setSlot(
  memory: ConversationMemory,
  form: FormState,
  slot: SkillSlot,
  value: string,
): ValueChange | undefined {
  const previous = form.values[slot.name];
  if (!isLifecycleEntityType(slot.entity)) memory.facts[slot.entity] = value;
  form.skipped = form.skipped.filter((name) => name !== slot.name);
  if (previous === value) return undefined;
  form.values[slot.name] = value;
  return { label: slot.label, value, ...(previous ? { previous } : {}) };
}

/**
 * When `entities` name an alert ID other than the one of the last finished action, forgets the
 * facts that still hold that finished incident's values (facts stated since are kept), so a new
 * alert is not pre-filled with the last one's user and terminal. Returns the finished alert ID
 * when it did so.
 */
export function forgetClosedIncident(
  memory: ConversationMemory,
  entities: readonly Entity[],
): string | undefined {
  const closed = memory.closedFacts;
  const newAlertId = entities.find((entity) => entity.entity === 'alertId')?.value;
  if (!closed?.alertId || newAlertId === undefined || newAlertId === closed.alertId) return undefined;
  for (const type of Object.keys(memory.facts) as Entity['entity'][]) {
    if (memory.facts[type] === closed[type]) delete memory.facts[type];
  }
  delete memory.closedFacts;
  return closed.alertId;
}

/**
 * Sets the facts aside as a form left them (`closedFacts`), so that a form for another alert ID does
 * not reuse them (`forgetClosedIncident`): always after an action; after a form that ended without
 * acting (`unacted`: cancelled, stopped, refused) only when it held an alert ID. A cancelled P1
 * must not make the next alert P1 unsaid, while a cancelled indicator look-up keeps what was stated
 * since the last alert.
 */
export function setAsideFacts(memory: ConversationMemory, unacted?: FormState): void {
  if (unacted && !holdsAlertId(unacted)) return;
  memory.closedFacts = { ...memory.facts };
}

function holdsAlertId(form: FormState): boolean {
  return Object.entries(form.slotTypes ?? {}).some(
    ([slot, type]) => type === 'alertId' && form.values[slot] !== undefined,
  );
}

/** A new form for `skill`, pre-filled from the conversation's facts. */
export function newForm(skill: Skill, memory: ConversationMemory): FormState {
  const values: Record<string, string> = {};
  for (const slot of skill.manifest.slots) {
    const fact = memory.facts[slot.entity];
    if (fact !== undefined && validateEntityValue(slot.entity, fact).ok) values[slot.name] = fact;
  }
  return {
    id: randomUUID(),
    skill: skill.name,
    values,
    skipped: [],
    awaiting: { kind: 'confirm' },
    version: skill.version,
    slotTypes: Object.fromEntries(skill.manifest.slots.map((slot) => [slot.name, slot.entity])),
  };
}

/** The first slot neither filled nor skipped, in manifest order; undefined when the form is complete. */
export function nextOpenSlot(skill: Skill, form: FormState): SkillSlot | undefined {
  return skill.manifest.slots.find(
    (slot) => form.values[slot.name] === undefined && !form.skipped.includes(slot.name),
  );
}

/**
 * The required slots without a valid value: the action may not run while there is one, whatever
 * the form's state says it waits for.
 */
export function missingRequired(skill: Skill, form: FormState): SkillSlot[] {
  return skill.manifest.slots.filter((slot) => {
    const value = form.values[slot.name];
    return slot.required && (value === undefined || !validateEntityValue(slot.entity, value).ok);
  });
}

/** "alert ID 4711, user DDIC" — the filled values, in slot order. */
export function describeFilled(skill: Skill, form: FormState): string {
  return skill.manifest.slots
    .filter((slot) => form.values[slot.name] !== undefined)
    .map((slot) => `${slot.label} ${form.values[slot.name]}`)
    .join(', ');
}

/**
 * "Noted: user DDIC." / "Changed terminal from PC-0815 to PC-0816.": an open form's values. With no
 * form open nothing is changed, and fact-statement.ts words what was noted.
 */
export function acknowledge(changes: readonly ValueChange[]): string {
  const noted = changes.filter((change) => change.previous === undefined);
  const changed = changes.filter((change) => change.previous !== undefined);
  const parts: string[] = [];
  if (noted.length > 0) parts.push(`Noted: ${noted.map((c) => `${c.label} ${c.value}`).join(', ')}.`);
  for (const change of changed)
    parts.push(`Changed ${change.label} from ${change.previous} to ${change.value}.`);
  return parts.join(' ');
}

/** How facts are named when no skill slot gives them a label. */
export const FACT_LABELS: Record<Entity['entity'], string> = {
  alertId: 'alert ID',
  terminal: 'terminal',
  username: 'user',
  system: 'system',
  ip: 'IP address',
  priority: 'priority',
  alertRef: 'alert',
  classification: 'classification',
  person: 'person',
  note: 'note',
  domain: 'domain',
  url: 'URL',
  indicators: 'indicators',
  hash: 'hash',
  mailCategory: 'mail category',
};
