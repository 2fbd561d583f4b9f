import { mayReadAlerts } from '../access/alert-readers';
import { asSocbotError } from '../errors';
import type { Entity } from '../nlu/types';
import type { ActionServices, Skill, SkillContext, SkillServices, SkillSlot } from '../skills/types';
import { alertRuleRefusal } from './alert-rule-refusal';
import { readAnswerWord } from './answer-words';
import { bareAnswer } from './bare-answer';
import { say, type BotReply } from './bot-reply';
import { capitalize, type CardSubmitValue } from './confirmation-card';
import type { ConversationMemory, FormState } from './conversation-memory';
import { parseEntityAs, validateEntityValue } from './entity-values';
import {
  confirmationFor,
  confirmationHelp,
  warningFor,
  formStatus,
  politeStop,
  promptFor,
  repromptFor,
  slotHelp,
} from './form-replies';
import {
  acknowledge,
  applyEntities,
  describeFilled,
  forgetClosedIncident,
  missingRequired,
  newForm,
  nextOpenSlot,
  setAsideFacts,
  setSlot,
  type ValueChange,
} from './form-values';
import { adoptUnversionedForm, formMatchesSkill, upgradeForm } from './form-version';
import { explainLast } from './explain-last';
import { CONVERSATION_INTENTS } from './intents';
import { describeRawValues, endForm, endParkedForm, fateOfForm, parkForm, unpark } from './parked-forms';
import { isSlotAttempt, SMALL_TALK_FLOOR } from './slot-attempt';
import { currentWarning } from './skill-warning';
import { smallTalk } from './small-talk';
import { withNextSteps } from './next-step-reply';
import type { ConversationServices, Turn, TurnAuditRecord } from './turn';
import { unknownAssignee } from './unknown-assignee';

/** Invalid answers for one slot before the form stops politely. */
export const MAX_SLOT_FAILURES = 3;

/** The turn a form starts in: whose permission is checked, and with what. */
export interface FormStart {
  turn: Turn;
  services: ConversationServices;
}

/**
 * Starts `skill`: checks first that the analyst may use it (a refusal is audited and said before
 * any question), puts an open form of another skill aside, resumes a parked form of the same
 * skill, pre-fills its slots from the conversation's facts and the triggering utterance's
 * entities, checks the alert's rules once the alert is known and the person once given, then asks
 * for the first missing slot (or confirms at once).
 */
export async function startForm(
  skill: Skill,
  memory: ConversationMemory,
  entities: readonly Entity[],
  start: FormStart,
): Promise<BotReply[]> {
  const refusal = await startRefusal(skill, start);
  if (refusal) {
    const open = memory.form && start.services.registry.get(memory.form.skill);
    return open && memory.form ? [say(refusal), currentQuestion(open, memory.form)] : [say(refusal)];
  }
  const parking =
    memory.form && memory.form.skill !== skill.name ? parkForm(memory, start.services.registry) : '';
  const resumed = memory.form ? undefined : unpark(memory, skill.name);
  if (resumed) {
    memory.form = resumed;
    const warned = resumed.awaiting.kind === 'confirm' ? resumed.awaiting.warned : undefined;
    // Parked before a deploy that changed the skill: brought up to the current manifest first.
    const changed = formMatchesSkill(skill, resumed)
      ? ''
      : ' It was changed meanwhile; I kept what still fits.';
    if (changed) upgradeForm(skill, resumed);
    const given = applyEntities(memory, entities, skill);
    fillAlertFromAbout(skill, resumed, memory, start.turn);
    const step = { skill, form: resumed, turn: start.turn, memory, services: start.services };
    const next = await proceedResumed(step, warned);
    // Said after the checks: a value they turned down (a person socbot does not know) is not claimed.
    const changes = given.filter((change) => slotHolds(skill, resumed, change));
    const kept = describeFilled(skill, resumed);
    const intro = `${parking}Back to "${skill.manifest.title}"${kept ? `: I have ${kept}` : ''}.${changed}`;
    return [say(changes.length > 0 ? `${intro} ${acknowledge(changes)}` : intro), ...next];
  }
  const finishedAlert = forgetClosedIncident(memory, entities);
  const form = newForm(skill, memory);
  memory.form = form;
  applyEntities(memory, entities, skill);
  fillAlertFromAbout(skill, form, memory, start.turn);
  const step = { skill, form, turn: start.turn, memory, services: start.services };
  // Said alone, without "OK, let's …": the form ends before it asks anything.
  const refused = await refusedByAlertRule(step);
  if (refused) return [...(parking ? [say(parking.trim())] : []), ...refused];
  // Said after the intro, which then names only what is kept ("assign SOC-2026-0001 to bob").
  const rejected = await rejectedAssignee(step);
  if (!rejected && !skill.manifest.confirm && !nextOpenSlot(skill, form)) {
    // A look-up or a small change with all it needs: the answer is the action's, at once.
    return [...(parking ? [say(parking.trim())] : []), ...(await execute(step, false))];
  }
  aboutTheFormsAlert(step);
  const filled = describeFilled(skill, form);
  const fresh = finishedAlert ? ` (A new alert: I did not reuse the details of alert ${finishedAlert}.)` : '';
  const intro = `${parking}OK, let's ${skill.manifest.title}.${filled ? ` I have ${filled}.` : ''}${fresh}`;
  // The alert's rules were checked just above; a confirm:false skill with all it needs acted there.
  return [say(intro), ...(rejected ?? advance(skill, form))];
}

/**
 * "It" / "this one": a skill's alert slot the message did not fill gets the alert the conversation
 * is about (ConversationMemory.about), unless the message named an alert (even an unknown one).
 */
function fillAlertFromAbout(skill: Skill, form: FormState, memory: ConversationMemory, turn: Turn): void {
  const slot = skill.manifest.slots.find((candidate) => candidate.entity === 'alertRef');
  if (!slot || form.values[slot.name] !== undefined || turn.namesAlert || !memory.about) return;
  form.values[slot.name] = memory.about.ref;
}

/** Why the analyst may not use `skill` (already audited), or undefined when they may. */
async function startRefusal(skill: Skill, { turn, services }: FormStart): Promise<string | undefined> {
  const actions = services.skillServicesFor(turn).actions;
  const reason = await permissionRefusal(skill, actions, `start: ${skill.manifest.title}`);
  return reason === undefined
    ? undefined
    : `I can't ${skill.manifest.title} for you, so I won't ask for the details. ${reason}`;
}

/** The manifest permission's refusal reason for the actions' user (audited), or undefined when allowed. */
async function permissionRefusal(
  skill: Skill,
  actions: ActionServices,
  summary: string,
): Promise<string | undefined> {
  const permission = skill.manifest.permission;
  if (!permission) return undefined;
  const answer = await actions.authorize(permission, { summary });
  return answer.allowed ? undefined : answer.reason;
}

/** One turn of an open form: what every step below needs. */
interface FormTurn {
  skill: Skill;
  form: FormState;
  turn: Turn;
  memory: ConversationMemory;
  services: ConversationServices;
  /** The slot asked for, unless the form waits for its confirmation. */
  awaited?: SkillSlot;
}

/**
 * Continues the open form with one user message. The first step that recognises the message
 * answers it: a card button; a short answer (yes/no at the confirmation, skip for an optional
 * slot, a bare value for the asked slot); an interruption (cancel, help, status, another skill,
 * small talk); then the answer at the confirmation or to the asked slot.
 */
export async function continueForm(
  turn: Turn,
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<BotReply[]> {
  const form = memory.form;
  if (!form) throw new Error('continueForm needs an open form');
  const skill = services.registry.get(form.skill);
  if (!skill) {
    endForm(memory, 'skill-removed');
    return [
      say(`The skill "${form.skill}" is no longer installed, so I stopped it; nothing was done.`),
      ...(await resumeParked(memory, services, turn)),
    ];
  }
  if (!formMatchesSkill(skill, form) && !adoptUnversionedForm(skill, form)) {
    return onChangedSkill(skill, form, turn);
  }
  const awaited = form.awaiting.kind === 'slot' ? slotNamed(skill, form.awaiting.slot) : undefined;
  const step: FormTurn = { skill, form, turn, memory, services, ...(awaited ? { awaited } : {}) };
  if (turn.submit) return onCardButton(step, turn.submit);
  return (
    (await onShortAnswer(step)) ??
    (await onInterruption(step)) ??
    (step.awaited ? onSlotAnswer(step, step.awaited) : onConfirmationAnswer(step))
  );
}

/**
 * The saved form was started with another version of the skill's manifest (an older deployment):
 * it must not act on this message, whatever it says ("yes" included). Values of slots that still
 * exist with the same entity type are kept; the form asks for what is missing.
 */
function onChangedSkill(skill: Skill, form: FormState, turn: Turn): BotReply[] {
  const { kept, dropped } = upgradeForm(skill, form);
  const lost = dropped.length > 0 ? ` I could not keep: ${dropped.join(', ')}.` : '';
  const note =
    `"${capitalize(skill.manifest.title)}" was changed since we started, so I did not act on ` +
    `${turn.submit ? 'that button' : 'your last message'}. ${kept ? `I kept ${kept}.` : 'I could keep none of the values.'}${lost}`;
  return [say(note), ...advance(skill, form)];
}

function onCardButton(step: FormTurn, submit: CardSubmitValue): Promise<BotReply[]> | BotReply[] {
  const { skill, form, memory } = step;
  const fate =
    submit.form !== undefined && submit.form !== form.id ? fateOfForm(memory, submit.form) : undefined;
  if (fate) {
    return [
      say(`That card's request ${fate}, so I did nothing with the button. This is where we are now:`),
      currentQuestion(skill, form),
    ];
  }
  if (submit.skill !== undefined && submit.skill !== skill.name) {
    return [say('That button belongs to an earlier request.'), currentQuestion(skill, form)];
  }
  if (submit.form !== undefined && submit.form !== form.id) {
    // An old card of the same skill: confirming it must not run the request open now.
    return [
      say('That confirmation belongs to an earlier request, so I did nothing. This is where we are now:'),
      currentQuestion(skill, form),
    ];
  }
  if (form.awaiting.kind !== 'confirm') {
    return [say("There's nothing to confirm yet."), currentQuestion(skill, form)];
  }
  return submit.action === 'confirm' ? execute(step, submit.stage === 'warning') : decline(step);
}

/**
 * Answers that need no model, checked before its intent guess: a plain yes/no at the confirmation
 * ("yes please" may look like help to a classifier), "skip"/"no" for an optional slot (a model may
 * read "no" as cancel), and a bare value for the asked slot ("4711" or "P2" alone may look like
 * anything). The NLU never reads "cancel", "help" or "status" as a user, terminal or system.
 */
async function onShortAnswer(step: FormTurn): Promise<BotReply[] | undefined> {
  const { form, turn, memory, awaited } = step;
  const word = readAnswerWord(turn.text);
  if (!awaited) {
    if (word === 'yes' || word === 'insist') return execute(step, word === 'insist');
    if (word === 'no') return decline(step);
    return undefined;
  }
  if (!awaited.required && (word === 'skip' || word === 'no')) {
    form.skipped.push(awaited.name);
    return proceed(step);
  }
  if (awaited.entity === 'alertRef') return alertAnswer(step, awaited);
  const bare = bareAnswer(awaited, turn.text);
  if (bare === undefined) return undefined;
  setSlot(memory, form, awaited, bare);
  return proceed(step);
}

/**
 * The answer to "Which alert?": a reference or an alert ID (the router found the registered alert)
 * said alone ("SOC-2026-0001", "4711", "alert 4711 on PRD"). Named but not registered, it counts
 * as a try. A longer message is left to the other steps (it may be another command).
 */
async function alertAnswer(step: FormTurn, awaited: SkillSlot): Promise<BotReply[] | undefined> {
  const { turn, memory, form } = step;
  const entities = turn.recognition?.entities ?? [];
  if (!saysLittleBesides(turn.text, entities)) return undefined;
  const alert = entities.find((entity) => entity.entity === 'alertRef');
  if (alert) {
    setSlot(memory, form, awaited, alert.value);
    return proceed(step);
  }
  return turn.namesAlert ? invalidAnswer(step, awaited) : undefined;
}

/** Words that may stand around an alert's reference or ID in a bare answer. */
const ALERT_ANSWER_WORDS = new Set([
  'alert',
  'id',
  'the',
  'it',
  'is',
  'its',
  'it’s',
  "it's",
  'on',
  'one',
  'please',
  'ref',
  'reference',
  'number',
  'no',
]);

/**
 * True when `text` is an alert's reference or ID (and system) and at most a few filler words
 * ("alert 4711 on PRD please"). Entities from the register (a reference's facts) are not in the text.
 */
function saysLittleBesides(text: string, entities: readonly Entity[]): boolean {
  let rest = text;
  for (const entity of [...entities].sort((a, b) => b.start - a.start)) {
    const spoken = ['alertRef', 'alertId', 'system'].includes(entity.entity);
    if (!spoken || text.slice(entity.start, entity.end) !== entity.sourceText) continue;
    rest = `${rest.slice(0, entity.start)} ${rest.slice(entity.end)}`;
  }
  const words = rest
    .toLowerCase()
    .split(/[^\w’']+/)
    .filter((word) => word !== '' && !ALERT_ANSWER_WORDS.has(word));
  return words.length === 0;
}

async function onInterruption(step: FormTurn): Promise<BotReply[] | undefined> {
  const { skill, form, memory, services, awaited, turn } = step;
  const intent = turn.recognition?.intent ?? '';
  const entities = turn.recognition?.entities ?? [];
  switch (intent) {
    case CONVERSATION_INTENTS.cancel:
      return cancel(skill, memory, services, turn);
    case CONVERSATION_INTENTS.help:
      return [
        awaited ? slotHelp(skill, awaited) : confirmationHelp(skill, form),
        currentQuestion(skill, form),
      ];
    case CONVERSATION_INTENTS.status:
      return [formStatus(skill, form), currentQuestion(skill, form)];
    case CONVERSATION_INTENTS.explainLast:
      return [await explainLast(memory, services), currentQuestion(skill, form)];
  }
  const other = services.registry.forIntent(intent);
  // A misspelt answer ("prio hgh" to "Which priority?") the model is unsure about is an attempt at
  // the slot, not another command ("list the P1 and P2 alerts"), however the model guesses.
  const attempt =
    awaited !== undefined &&
    (turn.recognition?.score ?? 0) < SMALL_TALK_FLOOR &&
    isSlotAttempt(awaited, turn.text, turn.recognition);
  if (other && other.name !== skill.name && !attempt) {
    // The open form is parked, not dropped: it comes back when the other one ends.
    return startForm(other, memory, entities, { turn, services });
  }
  // A misspelt answer ("prio hgh") may look like small talk to the model: it is an attempt at the slot.
  if (awaited && isSlotAttempt(awaited, turn.text, turn.recognition)) return undefined;
  const chat = smallTalk(intent, services.registry);
  // Without its skill buttons: the answer and the question again make one message, and a button
  // that starts a skill is not what the open question asks for.
  return chat && entities.length === 0 ? [say(chat.text), currentQuestion(skill, form)] : undefined;
}

/** At the confirmation, anything but yes/no may be a correction ("no, the terminal is PC-0816"). */
async function onConfirmationAnswer(step: FormTurn): Promise<BotReply[]> {
  const { skill, form, memory } = step;
  const changes = applyEntities(memory, step.turn.recognition?.entities ?? [], skill);
  if (changes.length > 0) {
    // Another alert named: its rules are checked before it is confirmed; another person, that
    // socbot knows them.
    return [
      say(acknowledge(changes)),
      ...((await refusedByAlertRule(step)) ?? (await rejectedAssignee(step)) ?? advance(skill, form)),
    ];
  }
  return [say('I need a yes or no here, or a corrected value.'), currentQuestion(skill, form)];
}

/** The answer to the asked slot, with corrections of other slots on the way. */
async function onSlotAnswer(step: FormTurn, awaited: SkillSlot): Promise<BotReply[]> {
  const { skill, form, memory, turn } = step;
  const changes = applyEntities(memory, turn.recognition?.entities ?? [], skill);
  if (changes.length === 0) {
    const inSentence = valueInSentence(awaited, turn.text);
    if (inSentence === undefined) return invalidAnswer(step, awaited);
    setSlot(memory, form, awaited, inSentence);
    return proceed(step);
  }
  // Answering the question needs no acknowledgement; a correction or an extra value does.
  const justTheAnswer =
    changes.length === 1 && form.values[awaited.name] !== undefined && changes[0]?.previous === undefined;
  return [...(justTheAnswer ? [] : [say(acknowledge(changes))]), ...(await proceed(step))];
}

/**
 * Asks the next open slot; with every slot filled, confirms, or acts at once for a skill that needs
 * no confirmation (`confirm: false`). A lifecycle skill whose alert is known is first checked
 * against the alert's rules, and a person given against the people socbot knows.
 */
async function proceed(step: FormTurn): Promise<BotReply[]> {
  const refused = await refusedByAlertRule(step);
  if (refused) return refused;
  aboutTheFormsAlert(step);
  const rejected = await rejectedAssignee(step);
  if (rejected) return rejected;
  const asked = advance(step.skill, step.form);
  if (step.form.awaiting.kind === 'confirm' && !step.skill.manifest.confirm) return execute(step, false);
  return asked;
}

/**
 * Goes on with a parked form the analyst asked for again. One that waited at its skill's warning
 * gets the warning again, checked anew, once its confirmation is due: a plain confirmation would
 * ask for a "yes" that only brings the warning up. A skill that acts without a confirmation
 * (`confirm: false`) checks anew as it acts, as when it starts.
 */
async function proceedResumed(step: FormTurn, warned: string | undefined): Promise<BotReply[]> {
  const { skill, form } = step;
  if (warned === undefined || !skill.manifest.confirm) return proceed(step);
  const refused = (await refusedByAlertRule(step)) ?? (await rejectedAssignee(step));
  if (refused) return refused;
  const asked = advance(skill, form);
  if (form.awaiting.kind !== 'confirm') return asked;
  form.awaiting = { kind: 'confirm', warned };
  return [await resumedQuestion(step)];
}

/**
 * The alert of a lifecycle skill this analyst may not change (by role or by the alert's rules,
 * src/access/alert-lifecycle-rules.ts): the form ends as refused with the reason (audited), before
 * anything more is asked; undefined when it may go on.
 */
async function refusedByAlertRule(step: FormTurn): Promise<BotReply[] | undefined> {
  const { skill, form, memory, services, turn } = step;
  const reason = await alertRuleRefusal(skill, form, step);
  if (reason === undefined) return undefined;
  endForm(memory, 'refused');
  return [
    say(`I can't ${skill.manifest.title} for you, so I did nothing. ${reason}`),
    ...(await resumeParked(memory, services, turn)),
  ];
}

/**
 * A person nobody socbot knows as analyst or lead, or a first name several e-mails start with
 * (unknown-assignee.ts): said at once with how to name them, before any confirmation, and asked for
 * again; the alert and every other value stay. Counted as a try at the person, as an unreadable
 * answer is. Undefined when the form names no such person.
 */
async function rejectedAssignee(step: FormTurn): Promise<BotReply[] | undefined> {
  const { skill, form } = step;
  const unknown = unknownAssignee(skill, form, step);
  if (!unknown) return undefined;
  const { slot, reason } = unknown;
  delete form.values[slot.name];
  if (!unknown.anyoneAssignable)
    return stopForm(step, form, [say(`${reason} So I stopped here; nothing was done.`)]);
  const previous = form.awaiting;
  const failures = (previous.kind === 'slot' && previous.slot === slot.name ? previous.failures : 0) + 1;
  if (failures >= MAX_SLOT_FAILURES) return [say(reason), ...(await stopAfterThreeTries(step, form, slot))];
  form.awaiting = { kind: 'slot', slot: slot.name, failures };
  // The next open slot in the manifest's order: the alert first, when it is still missing.
  return [say(reason), ...advance(skill, form)];
}

/** Asks the next open slot, or confirms when every slot is filled or skipped. */
function advance(skill: Skill, form: FormState): BotReply[] {
  const slot = nextOpenSlot(skill, form);
  if (!slot) {
    form.awaiting = { kind: 'confirm' };
    return [confirmationFor(skill, form)];
  }
  const previous = form.awaiting;
  const failures = previous.kind === 'slot' && previous.slot === slot.name ? previous.failures : 0;
  form.awaiting = { kind: 'slot', slot: slot.name, failures };
  return [promptFor(slot)];
}

/**
 * The question the form is waiting on, asked again after an interruption. At the skill's warning
 * that is the warning: a plain confirmation there would ask for a "yes" that does nothing.
 */
function currentQuestion(skill: Skill, form: FormState): BotReply {
  const warned = form.awaiting.kind === 'confirm' ? form.awaiting.warned : undefined;
  if (warned !== undefined) return warningFor(skill, form, warned);
  const slot = form.awaiting.kind === 'slot' ? slotNamed(skill, form.awaiting.slot) : undefined;
  return slot ? promptFor(slot) : confirmationFor(skill, form);
}

async function invalidAnswer(step: FormTurn, slot: SkillSlot): Promise<BotReply[]> {
  const { memory, turn } = step;
  const form = memory.form;
  if (!form || form.awaiting.kind !== 'slot') return [];
  form.awaiting.failures += 1;
  if (form.awaiting.failures >= MAX_SLOT_FAILURES) return stopAfterThreeTries(step, form, slot);
  const checked = validateEntityValue(slot.entity, turn.text);
  const { reason, example } = checked.ok ? { reason: 'I could not read it', example: slot.example } : checked;
  return [repromptFor(slot, reason, example)];
}

/**
 * The action runs only with every required slot filled with a valid value, whatever the saved
 * state says it waits for; a skill's check (e.g. "already registered") is asked once more first,
 * and only `insisting` (an answer to that warning itself) gets past it.
 */
async function execute(step: FormTurn, insisting: boolean): Promise<BotReply[]> {
  const { skill, form, turn, memory, services } = step;
  const missing = missingRequired(skill, form);
  if (missing.length > 0) {
    services.logger.warn(
      { skill: skill.name, missing: missing.map((slot) => slot.name) },
      'confirmation with open slots refused',
    );
    for (const slot of missing) delete form.values[slot.name];
    form.skipped = form.skipped.filter((name) => !missing.some((slot) => slot.name === name));
    const labels = missing.map((slot) => slot.label).join(', ');
    return [
      say(`I can't ${skill.manifest.title} yet: I have no valid ${labels}, so I did nothing.`),
      ...advance(skill, form),
    ];
  }
  // Whoever confirms may differ from whoever started, and roles change: checked again before the
  // skill's check, which may reveal registered data (existing alert references).
  const skillServices = services.skillServicesFor(turn);
  const refusal = await permissionRefusal(skill, skillServices.actions, `confirm: ${skill.manifest.title}`);
  if (refusal !== undefined) {
    endForm(memory, 'refused');
    return [
      say(`I can't ${skill.manifest.title} for you, so I did nothing. ${refusal}`),
      ...(await resumeParked(memory, services, turn)),
    ];
  }
  const context = skillContext(step, skillServices);
  const warned = form.awaiting.kind === 'confirm' ? form.awaiting.warned : undefined;
  if (warned !== undefined && !insisting) {
    // A replayed first Confirm or a "yes" sent twice: the warning stands, nothing is done.
    const how = turn.submit
      ? 'That Confirm was on the card before my warning, so I did nothing.'
      : 'A plain "yes" may be your first answer sent twice, so I did nothing.';
    return [say(how), warningFor(skill, form, warned)];
  }
  // Checked again on "yes anyway" too: the analyst accepted the warning they saw, not one that
  // grew since (another duplicate registered meanwhile, a warning carried over from a resume).
  const warning = await currentWarning(skill, context, services);
  if (warning !== undefined && warning !== warned) {
    form.awaiting = { kind: 'confirm', warned: warning };
    return [
      ...(warned !== undefined ? [say('That changed since my warning, so I did nothing yet.')] : []),
      warningFor(skill, form, warning),
    ];
  }
  // Written ahead, durably: from here on a crash is finished at the next start (src/app/replay-intents.ts).
  await services.beginAction?.(turn, { requestId: form.id, skill: skill.name, slots: { ...form.values } });
  // Audited before the action: the trail shows who confirmed what even if the action then fails.
  // A skill that asks no confirmation (`confirm: false`) is recorded as asked, not as confirmed.
  const asked = !skill.manifest.confirm;
  await services.audit(turn, {
    action: 'confirmation',
    summary: `${asked ? 'asked' : 'confirmed'}: ${skill.manifest.title}`,
    result: 'confirmed',
    details: {
      skill: skill.name,
      requestId: form.id,
      slots: { ...form.values },
      ...(asked ? { confirmationAsked: false } : {}),
    },
  });
  try {
    const reply = await skill.act(context);
    // A refusal (the action's own permission check) is on record and ends the form as refused.
    const refused = reply.outcome === 'refused';
    // The action's outcome, with the alert it was about: the alert's timeline finds it (and,
    // through the request id, the confirmation above). Nothing below depends on it, so it is
    // written while the memory is saved (an awaited fsync here cost the confirm step ~5 ms p50).
    const result: TurnAuditRecord = {
      action: 'result',
      summary: skill.manifest.title,
      result: refused ? 'refused' : reply.alertRef ? `done: ${reply.alertRef}` : 'done',
      ...(reply.alertRef ? { alertRef: reply.alertRef } : {}),
      details: { skill: skill.name, requestId: form.id },
    };
    if (services.auditAlongside) services.auditAlongside(turn, result);
    else await services.audit(turn, result);
    endForm(memory, refused ? 'refused' : 'finished');
    setAsideFacts(memory, refused ? form : undefined);
    // The alert the action was about (or its form named: only registered ones fill an alert slot)
    // is what "it" means next; an incident room keeps its own.
    if (!refused) talkAbout(memory, reply.alertRef ?? alertOfForm(skill, form));
    services.logger.info(
      { skill: skill.name, conversationId: turn.conversationId },
      refused ? 'skill action refused' : 'skill action done',
    );
    const nextSteps =
      !refused && reply.offerNextSteps && reply.alertRef
        ? await skillServices.nextSteps?.offer(reply.alertRef, skill.name)
        : undefined;
    return [withNextSteps(reply.text, nextSteps), ...(await resumeParked(memory, services, turn))];
  } catch (error) {
    const coded = asSocbotError(error);
    services.logger.error({ err: coded, skill: skill.name }, 'skill action failed');
    return [
      say(
        `I could not ${skill.manifest.title}: ${coded.message} Your values are kept: say "yes" to try again or "cancel" to stop.`,
      ),
    ];
  }
}

/** "No" at the confirmation: audited like a yes, since the trail records every confirmation. */
async function decline(step: FormTurn): Promise<BotReply[]> {
  await step.services.audit(step.turn, {
    action: 'confirmation',
    summary: `declined: ${step.skill.manifest.title}`,
    result: 'declined',
    details: { skill: step.skill.name, requestId: step.form.id },
  });
  return cancel(step.skill, step.memory, step.services, step.turn);
}

async function cancel(
  skill: Skill,
  memory: ConversationMemory,
  services: ConversationServices,
  turn: Turn,
): Promise<BotReply[]> {
  const form = memory.form;
  endForm(memory, 'cancelled');
  if (form) setAsideFacts(memory, form);
  const kept = form ? describeFilled(skill, form) : '';
  return [
    say(
      `OK, cancelled: I did not ${skill.manifest.title}.${kept ? ` I still remember ${kept} if you need it later.` : ''}`,
    ),
    ...(await resumeParked(memory, services, turn)),
  ];
}

/**
 * After a form ended: the most recently parked form comes back, with its question. `turn` is the
 * turn it comes back in: a form that waited at its skill's warning is checked again for its asker.
 */
async function resumeParked(
  memory: ConversationMemory,
  services: ConversationServices,
  turn: Turn,
): Promise<BotReply[]> {
  const gone: BotReply[] = [];
  for (let form = unpark(memory); form; form = unpark(memory)) {
    const skill = services.registry.get(form.skill);
    if (!skill) {
      // Uninstalled by a deploy since it was parked: said and recorded, so its old card tells the truth.
      endParkedForm(memory, form, 'skill-removed');
      const had = describeRawValues(form);
      gone.push(
        say(
          `The request of skill "${form.skill}" can no longer be continued: that skill is no longer installed. ` +
            `It had ${had || 'no values yet'}; nothing was done.`,
        ),
      );
      continue;
    }
    memory.form = form;
    if (!formMatchesSkill(skill, form)) {
      const { kept } = upgradeForm(skill, form);
      const note = `Back to "${skill.manifest.title}", which was changed meanwhile${kept ? `: I kept ${kept}` : ''}.`;
      return [...gone, say(note), ...advance(skill, form)];
    }
    const kept = describeFilled(skill, form);
    return [
      ...gone,
      say(`Back to "${skill.manifest.title}"${kept ? `: I have ${kept}` : ''}.`),
      await resumedQuestion({ skill, form, turn, memory, services }),
    ];
  }
  return gone;
}

/**
 * The question of a form brought back from the parking. One that waited at its skill's warning has
 * the check run again, since the register or the alert's lead may have changed meanwhile: the
 * warning as it is now, or the plain confirmation once it no longer applies. Either way the answer
 * the question asks for ("yes anyway", "yes") is the one that works.
 */
async function resumedQuestion(step: FormTurn): Promise<BotReply> {
  const { skill, form, turn, services } = step;
  if (form.awaiting.kind !== 'confirm' || form.awaiting.warned === undefined) {
    return currentQuestion(skill, form);
  }
  try {
    // The check may show registered data, so only to the SOC's own people (not audited: they only
    // brought the form back); anyone else is asked the warning this conversation already had, and
    // "yes anyway" checks again before it acts.
    if (!mayReadAlerts(turn.roles)) return currentQuestion(skill, form);
    const skillServices = services.skillServicesFor(turn);
    const warning = await currentWarning(skill, skillContext(step, skillServices), services);
    form.awaiting = warning === undefined ? { kind: 'confirm' } : { kind: 'confirm', warned: warning };
  } catch (error) {
    // The turn that resumes it may have just finished another action: a failed read must not fail
    // that turn. The warning as it was still asks for "yes anyway", which checks again first.
    services.logger.warn({ err: asSocbotError(error), skill: skill.name }, 'check on resume failed');
  }
  return currentQuestion(skill, form);
}

/**
 * Three tries at `slot` without a usable answer: the form stops politely, nothing done. What it was
 * given stays for when the analyst starts again, as the reply says: its facts, and its alert as
 * what "it" means next (an incident room keeps its own).
 */
function stopAfterThreeTries(step: FormTurn, form: FormState, slot: SkillSlot): Promise<BotReply[]> {
  return stopForm(step, form, [politeStop(step.skill, slot, form)]);
}

/** Ends the form as stopped (nothing done) with `said`, keeping its facts and its alert as "it". */
async function stopForm(step: FormTurn, form: FormState, said: BotReply[]): Promise<BotReply[]> {
  const { skill, memory, services, turn } = step;
  endForm(memory, 'stopped');
  setAsideFacts(memory, form);
  talkAbout(memory, alertOfForm(skill, form));
  return [...said, ...(await resumeParked(memory, services, turn))];
}

/**
 * A value of the asked slot's type inside a sentence ("it was PC-0815"). Only an ID-shaped value
 * counts: a plain word such as "somewhere" in "somewhere over there" is not an answer.
 */
function valueInSentence(slot: SkillSlot, text: string): string | undefined {
  const found = parseEntityAs(slot.entity, text);
  if (!found || !/[\d._/-]/.test(found.sourceText)) return undefined;
  const checked = validateEntityValue(slot.entity, found.value);
  return checked.ok ? checked.value : undefined;
}

/** What the skill's check and action see of the form: its values, who asks, and the request id. */
function skillContext({ form, turn }: FormTurn, services: SkillServices): SkillContext {
  return {
    slots: { ...form.values },
    user: turn.user,
    conversationId: turn.conversationId,
    requestId: form.id,
    services,
  };
}

/**
 * A form working on an alert (one the analyst may change) makes it what "it" means: "I'll take it"
 * while "assign SOC-2026-0002 to …" is open, or after it was cancelled ("I still remember alert
 * SOC-2026-0002"), is about that alert, not the one looked up before. An incident room keeps its own.
 */
function aboutTheFormsAlert({ skill, form, memory }: FormTurn): void {
  talkAbout(memory, alertOfForm(skill, form));
}

/** `ref`, when there is one, is what "it" means next; an incident room keeps its own incident. */
function talkAbout(memory: ConversationMemory, ref: string | undefined): void {
  if (ref && !memory.about?.room) memory.about = { ref };
}

/** False when the slot `change` went into no longer holds it (a check turned it down). */
function slotHolds(skill: Skill, form: FormState, change: ValueChange): boolean {
  const slot = skill.manifest.slots.find((candidate) => candidate.label === change.label);
  return slot === undefined || form.values[slot.name] === change.value;
}

/** The value of the form's alert slot (entity `alertRef`), if it has one. */
function alertOfForm(skill: Skill, form: FormState): string | undefined {
  const slot = skill.manifest.slots.find((candidate) => candidate.entity === 'alertRef');
  return slot ? form.values[slot.name] : undefined;
}

function slotNamed(skill: Skill, name: string): SkillSlot | undefined {
  return skill.manifest.slots.find((slot) => slot.name === name);
}
