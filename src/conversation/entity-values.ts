import type { Entity, EntityType, LifecycleEntityType } from '../nlu/types';
import {
  findLifecycleValues as findNluLifecycleValues,
  parseEntityAs as parseNluEntity,
  validateEntityValue as validateNluValue,
} from '../nlu/entities';

/**
 * The conversation's single door to the NLU's entity parsing and validation (src/nlu/entities).
 *
 * One difference on purpose: a slot holds one string, so a system given with its SAP client keeps
 * the client in the value (`PRD/100`); `validateEntityValue('system', 'PRD/100')` accepts it again,
 * and the register-alert action splits it into system and client.
 */

/** The outcome of validating a value as an entity type. */
export type EntityValidation = { ok: true; value: string } | { ok: false; reason: string; example: string };

/** Checks and normalises a value as `type`; on failure says why and gives an example. */
export function validateEntityValue(type: EntityType, value: string): EntityValidation {
  const checked = validateNluValue(type, value);
  if (!checked.ok) return checked;
  return { ok: true, value: withClient(checked.value, checked.client) };
}

/** Reads an answer such as "PC-0815" or "it was PC-0815" as an entity of `type`, or undefined. */
export function parseEntityAs(type: EntityType, text: string): Entity | undefined {
  const entity = parseNluEntity(type, text);
  return entity && { ...entity, value: entityValue(entity) };
}

/** An entity's value as a slot holds it (system with client → `PRD/100`). */
export function entityValue(entity: Entity): string {
  return withClient(entity.value, entity.client);
}

function withClient(value: string, client: string | undefined): string {
  return client === undefined ? value : `${value}/${client}`;
}

/** The lifecycle values of `type` in a sentence: "close it as a false alarm" → classification false_positive. */
export function findLifecycleValues(type: LifecycleEntityType, text: string): Entity[] {
  return findNluLifecycleValues(type, text);
}
