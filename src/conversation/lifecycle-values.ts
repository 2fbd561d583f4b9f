import { mayReadAlerts } from '../access/alert-readers';
import { isLifecycleEntityType, type Entity, type LifecycleEntityType } from '../nlu/types';
import type { Skill } from '../skills/types';
import { alertFacts } from './alert-ref-facts';
import { say, type BotReply } from './bot-reply';
import type { ConversationMemory } from './conversation-memory';
import { findLifecycleValues, parseEntityAs } from './entity-values';
import type { ConversationServices, Turn } from './turn';

/** What reading a message's lifecycle values came to. */
export interface LifecycleReading {
  /** The turn with the values added to its entities (and `namesAlert` set when it named an alert). */
  turn: Turn;
  /** Said before the answer: an alert ID no registered alert has, more than one alert named. */
  notes: BotReply[];
  /**
   * Set when the turn must not go on: in an incident room, a command naming another alert. Nothing
   * was changed; the refusal is audited.
   */
  refusal?: BotReply;
}

/**
 * Reads the lifecycle's values (src/nlu/entities/lifecycle-values.ts) for the skills this message
 * is for (the one its intent starts and the open form's), only the types they have slots for: the
 * alert (a socbot reference the register knows, or the latest alert with the alert ID said, on the
 * system said), a classification, a person, a note. A message that names an alert is never filled
 * with the alert the conversation is about, even when the named one is unknown. In an incident room
 * (`memory.about.room`) a message naming another alert is refused.
 *
 * @example
 *   const reading = await withLifecycleValues(turn, memory, services);
 *   if (reading.refusal) return [reading.refusal];
 */
export async function withLifecycleValues(
  turn: Turn,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<LifecycleReading> {
  const recognition = turn.recognition;
  if (!recognition) return { turn, notes: [] };
  const types = slotTypesOf(skillsOfTurn(turn, memory, services));
  if (types.size === 0) {
    // A skill without an alert slot (inform Basis and block) is filled from a named reference's
    // facts (alert-ref-facts.ts): in a room, another alert's reference is refused for it too.
    const refusal = await roomRefusal(turn, memory, services);
    if (refusal) return { turn, notes: [], refusal };
    return { turn: await withRoomIncidentFacts(turn, memory, services), notes: [] };
  }
  const found: Entity[] = [];
  for (const type of types) {
    if (type !== 'alertRef') found.push(...findLifecycleValues(type, turn.text));
  }
  const notes: BotReply[] = [];
  let namesAlert = false;
  if (types.has('alertRef')) {
    const alert = await namedAlert(withCommandNumber(withBareAlertId(turn, memory, services)), services);
    namesAlert = alert.named;
    if (alert.entity) found.push(alert.entity);
    if (alert.note) notes.push(alert.note);
  }
  const entities = [
    ...recognition.entities.filter((entity) => !isLifecycleEntityType(entity.entity)),
    ...found,
  ];
  const read: Turn = {
    ...turn,
    recognition: { ...recognition, entities },
    ...(namesAlert ? { namesAlert } : {}),
  };
  const refusal = await roomRefusal(read, memory, services);
  return { turn: read, notes, ...(refusal ? { refusal } : {}) };
}

/** The intent whose skill informs Basis (and blocks), as the SIEM card's first button starts it. */
const INFORM_INTENT = 'inform';

/**
 * In an incident room, "inform Basis and block" is about the room's incident: with no form open
 * and no alert ID said, it starts with the incident's facts as the SIEM card's button does (what
 * the message says wins).
 */
async function withRoomIncidentFacts(
  turn: Turn,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<Turn> {
  const recognition = turn.recognition;
  if (!memory.about?.room || memory.form || !recognition || recognition.intent !== INFORM_INTENT) return turn;
  if (!mayReadAlerts(turn.roles) || recognition.entities.some((entity) => entity.entity === 'alertId'))
    return turn;
  const alert = await services.skillServicesFor(turn).alerts.find(memory.about.ref);
  if (!alert) return turn;
  const said = new Set(recognition.entities.map((entity) => entity.entity));
  const facts = alertFacts(alert).filter((fact) => !said.has(fact.entity));
  return { ...turn, recognition: { ...recognition, entities: [...recognition.entities, ...facts] } };
}

/** The skill the intent starts and the open form's skill. */
function skillsOfTurn(turn: Turn, memory: ConversationMemory, services: ConversationServices): Skill[] {
  const started = services.registry.forIntent(turn.recognition?.intent ?? '');
  const open = memory.form ? services.registry.get(memory.form.skill) : undefined;
  return [started, open].filter((skill): skill is Skill => skill !== undefined);
}

function slotTypesOf(skills: readonly Skill[]): Set<LifecycleEntityType> {
  const types = new Set<LifecycleEntityType>();
  for (const skill of skills) {
    for (const slot of skill.manifest.slots) if (isLifecycleEntityType(slot.entity)) types.add(slot.entity);
  }
  return types;
}

/**
 * "4711" alone answering "Which alert?": the extractor takes a bare number for an alert ID only next
 * to "alert", so the asked question says what it is.
 */
function withBareAlertId(turn: Turn, memory: ConversationMemory, services: ConversationServices): Turn {
  const form = memory.form;
  if (!turn.recognition || form?.awaiting.kind !== 'slot') return turn;
  const awaiting = form.awaiting.slot;
  const slot = services.registry
    .get(form.skill)
    ?.manifest.slots.find((candidate) => candidate.name === awaiting);
  if (
    slot?.entity !== 'alertRef' ||
    turn.recognition.entities.some((entity) => entity.entity === 'alertId')
  ) {
    return turn;
  }
  const bare = parseEntityAs('alertId', turn.text);
  if (!bare || bare.sourceText !== turn.text.trim().replace(/[.!?]+$/, '')) return turn;
  return { ...turn, recognition: { ...turn.recognition, entities: [...turn.recognition.entities, bare] } };
}

/**
 * "I'll take 4712", "add a note to 4712: …", "close 4712 as false positive": a number said in a
 * lifecycle command (before a note's colon) names an alert by its alert ID, though the extractor
 * takes a bare number for one only next to "alert". Else the command would go to the alert the
 * conversation is about, and take and note act without a confirmation.
 */
function withCommandNumber(turn: Turn): Turn {
  const recognition = turn.recognition;
  if (!recognition || recognition.entities.some((entity) => ALERT_NAMING.has(entity.entity))) return turn;
  const command = turn.text.split(':', 1)[0] ?? '';
  const number = COMMAND_NUMBER.exec(command)?.[1];
  const entity = number === undefined ? undefined : parseEntityAs('alertId', number);
  if (!entity) return turn;
  return { ...turn, recognition: { ...recognition, entities: [...recognition.entities, entity] } };
}

/** Entities that already name an alert. */
const ALERT_NAMING: ReadonlySet<string> = new Set(['alertId', 'alertRef']);
/** A number standing alone (not part of SOC-2026-0001, P1 or 10.0.0.5). */
const COMMAND_NUMBER = /(?:^|[\s(])(\d{3,12})(?=$|[\s,;!?)]|\.(?!\d))/;

/** The alert a message names: by socbot reference, else by alert ID (and system). */
async function namedAlert(
  turn: Turn,
  services: ConversationServices,
): Promise<{ named: boolean; entity?: Entity; note?: BotReply }> {
  const refs = findLifecycleValues('alertRef', turn.text);
  const distinct = [...new Set(refs.map((ref) => ref.value))];
  if (distinct.length > 1) {
    return {
      named: true,
      note: say(`You named ${distinct.join(' and ')}; I work on one alert at a time, so tell me which one.`),
    };
  }
  const [ref] = refs;
  // No read role: the router already said that references are not looked up for this user.
  if (!mayReadAlerts(turn.roles)) return { named: ref !== undefined };
  const lifecycle = services.skillServicesFor(turn).lifecycle;
  if (ref) {
    // An unknown reference was already said by the router (withAlertRefFacts).
    const known = await lifecycle.lookup(ref.value);
    return known.ok && known.value ? { named: true, entity: ref } : { named: true };
  }
  const entities = turn.recognition?.entities ?? [];
  const alertId = entities.find((entity) => entity.entity === 'alertId');
  if (!alertId) return { named: false };
  const system = entities.find((entity) => entity.entity === 'system')?.value;
  const found = await lifecycle.lookupAll(alertId.value, system);
  const sameId = found.ok ? found.value : [];
  const latest = sameId.at(-1);
  const on = system ? ` on ${system}` : '';
  if (!latest) {
    return {
      named: true,
      note: say(
        `I have no registered alert with alert ID ${alertId.value}${on}; "open alerts" lists the registered ones.`,
      ),
    };
  }
  const chosen = latest.ref;
  // The latest is taken; an analyst closing "alert 4711" must know it was not the older one.
  const others = sameId.slice(0, -1).map((alert) => alert.ref);
  return {
    named: true,
    entity: { ...alertId, entity: 'alertRef', value: chosen },
    ...(others.length > 0
      ? {
          note: say(
            `Alert ${alertId.value}${on} is registered more than once: I took the latest, ${chosen} ` +
              `(also ${others.join(', ')}). Name the reference to work on another one.`,
          ),
        }
      : {}),
  };
}

/**
 * In an incident room every command is about the room's incident: one naming another alert is
 * refused with a clear sentence (audited), and nothing changes.
 */
async function roomRefusal(
  turn: Turn,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<BotReply | undefined> {
  const about = memory.about;
  if (!about?.room) return undefined;
  const other =
    turn.recognition?.entities.find((entity) => entity.entity === 'alertRef' && entity.value !== about.ref) ??
    // A socbot reference in the words, even one already replaced by its alert's facts.
    findLifecycleValues('alertRef', turn.text).find((ref) => ref.value.toUpperCase() !== about.ref);
  if (!other) return undefined;
  const reason =
    `This room is about ${about.ref}, so I won't act on ${other.value} here; nothing changed. ` +
    `Ask about ${other.value} in a direct chat with me (or in its own room).`;
  await services.audit(turn, {
    action: 'refusal',
    summary: `${turn.recognition?.intent ?? 'command'} on ${other.value} in the room of ${about.ref}`,
    result: 'refused: another incident',
    alertRef: about.ref,
    details: { reason, named: other.value },
  });
  return say(reason);
}
