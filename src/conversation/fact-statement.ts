import { mayReadAlerts } from '../access/alert-readers';
import type { EntityType, Recognition } from '../nlu/types';
import { splitSystemAndClient } from '../skills/system-slot';
import { say, type BotReply } from './bot-reply';
import type { ConversationMemory } from './conversation-memory';
import { entityValue } from './entity-values';
import { applyEntities, FACT_LABELS, forgetClosedIncident, type ValueChange } from './form-values';
import { NEW_ALERT_INTENT } from './intents';
import { suggestionFor } from './small-talk';
import type { ConversationServices, Turn } from './turn';

/**
 * A statement of fact with no form open ("the terminal was PC-0815", "alert 4712 on QAS"): its
 * values are noted for the next skill, never said to be "changed", since nothing is open that they
 * could change. When they replace values of the alert last worked on (its action done, or its form
 * ended), the analyst is told plainly that nothing changed there, with the alert's register
 * reference (a "Changed alert ID from 4711 to 4712" here was read as done). When they name another
 * alert ID, the last alert's details are not kept for it (as a skill starting for it would not),
 * and registering it is offered as a button: pressing it only starts the form, which asks first.
 *
 * @example
 *   // after "Registered alert 4711 as SOC-2026-0001", with "alrt 4712 on QAS from terminal LAPTOP-77":
 *   await answerFactStatement(turn, recognition, memory, services);
 *   // { text: 'Nothing is open to change, so I changed nothing: alert 4711 was already registered as
 *   //   SOC-2026-0001. Noted for a new alert: alert ID 4712, system QAS, terminal LAPTOP-77. To register
 *   //   an alert with these, say "register an alert".', suggestions: [Register an alert] }
 */
export async function answerFactStatement(
  turn: Turn,
  recognition: Recognition,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<BotReply> {
  const closed = memory.closedFacts;
  const before = { ...memory.facts };
  // Before the values are noted: a value the new alert shares with the last one is then its own.
  const lastAlertId = forgetClosedIncident(memory, recognition.entities);
  const changes = applyEntities(memory, recognition.entities);
  if (changes.length === 0) return alreadyKnownOrUnread(memory, recognition);
  if (lastAlertId === undefined && !replacesLastAlertsValue(before, memory.facts, closed)) {
    return say(`Noted: ${notedInstead(changes)}.`);
  }
  const nothingChanged = `Nothing is open to change, so I changed nothing${await lastAlertInWords(closed, turn, services)}.`;
  const noted = changes.map((change) => `${change.label} ${change.value}`).join(', ');
  if (lastAlertId === undefined) return say(`${nothingChanged} Noted for what you start next: ${noted}.`);
  return withOfferToRegister(`${nothingChanged} Noted for a new alert: ${noted}.`, services);
}

/** True when a fact that still held the last alert's value (`closedFacts`) now holds another. */
function replacesLastAlertsValue(
  before: ConversationMemory['facts'],
  after: ConversationMemory['facts'],
  closed: ConversationMemory['closedFacts'],
): boolean {
  return (Object.keys(before) as EntityType[]).some(
    (type) => before[type] === closed?.[type] && after[type] !== undefined && after[type] !== before[type],
  );
}

/** The skill that registers a new alert, offered as a button that starts its form (which asks first). */
function withOfferToRegister(text: string, services: ConversationServices): BotReply {
  const registering = services.registry.forIntent(NEW_ALERT_INTENT);
  if (!registering?.manifest.suggested) return say(text);
  const offer = suggestionFor(registering);
  return {
    text: `${text} To ${registering.manifest.title} with these, say "${offer.value}".`,
    suggestions: [offer],
  };
}

/** "system PRD (instead of PRD/100)": a fact noted again with another value is not a change of anything done. */
function notedInstead(changes: readonly ValueChange[]): string {
  return changes
    .map(
      (change) =>
        `${change.label} ${change.value}${change.previous ? ` (instead of ${change.previous})` : ''}`,
    )
    .join(', ');
}

/**
 * ": alert 4711 was already registered as SOC-2026-0001" when the register has the last alert (and
 * the analyst may read it), " for alert 4711" when it does not; '' when the last facts named no alert.
 */
async function lastAlertInWords(
  closed: ConversationMemory['closedFacts'],
  turn: Turn,
  services: ConversationServices,
): Promise<string> {
  const alertId = closed?.alertId;
  if (alertId === undefined) return '';
  if (!mayReadAlerts(turn.roles)) return ` for alert ${alertId}`;
  const system = closed?.system === undefined ? undefined : splitSystemAndClient(closed.system).system;
  const found = await services.skillServicesFor(turn).lifecycle.lookupAll(alertId, system);
  const refs = found.ok ? found.value.map((alert) => alert.ref) : [];
  return refs.length > 0
    ? `: alert ${alertId} was already registered as ${refs.join(', ')}`
    : ` for alert ${alertId}`;
}

/** Nothing new: the values are known already, or none could be read. */
function alreadyKnownOrUnread(memory: ConversationMemory, recognition: Recognition): BotReply {
  const known = recognition.entities.filter((entity) => memory.facts[entity.entity] === entityValue(entity));
  if (known.length > 0) {
    return say(
      `I already have that: ${known.map((e) => `${FACT_LABELS[e.entity]} ${entityValue(e)}`).join(', ')}.`,
    );
  }
  return say(
    "I think you're telling me about the incident, but I couldn't read the value. " +
      'Say it like "the user is DDIC", "the terminal was PC-0815" or "it happened on PRD".',
  );
}
