import type { Logger } from '../logger';
import { handleAlertDecision } from './alert-card-decision';
import { handleApprovalDecision } from './approval-decision';
import { isBareAnswerToOpenForm } from './bare-answer';
import { handleBasisAck } from './basis-ack-submit';
import { say, type BotReply } from './bot-reply';
import { handleChannelRegistration } from './channel-registration';
import { handleJobRetry } from './job-retry';
import { handleTriageFeedback } from './triage-feedback';
import type { Recognition } from '../nlu/types';
import { REMEMBERED_TEXT_CHARS, type ConversationMemory } from './conversation-memory';
import { askWhatWasMeant, correctableMessage, correctEarlier, pickedSuggestion } from './correction';
import { readCorrectionWords } from './correction-words';
import { ABOUT_EARLIER_MESSAGE_INTENTS, CONVERSATION_INTENTS } from './intents';
import { handleTurn } from './router';
import type { BegunAction, ConversationServices, Turn, TurnAuditRecord } from './turn';
import { failureReply } from './turn-failure';
import type { TurnInput, TurnSource } from './turn-input';
import type { TurnResult } from './turn-result';
import type { TurnServices } from './turn-services';
import { welcome } from './welcome';

/**
 * One turn of the conversation, a plain function: the input the channel edge read, the
 * conversation's memory (changed in place and returned as `memory` when the turn used it), the
 * services. No botbuilder types: tests call it directly, and the edge loads the memory, calls it,
 * saves `memory` and only then sends `replies`.
 *
 * A recognized command is audited while the turn runs; anything else the turn audits (the
 * confirmation an action waits for) waits for that entry, and so does the result. A failure is
 * answered (INTERNAL and the like, logged) with status `failed` and no memory to save.
 *
 * @example
 *   const result = await runTurn({ kind: 'text', text: 'register alert 4711', source }, emptyMemory(), services);
 *   result.status; // 'waiting'
 */
export async function runTurn(
  input: TurnInput,
  memory: ConversationMemory,
  services: TurnServices,
): Promise<TurnResult> {
  const { logger } = services.conversation;
  switch (input.kind) {
    case 'conversation-start':
      // Once per conversation: a Web Chat page that reconnects after a restart starts it again.
      if (memory.welcomed) return { replies: [], memory: undefined, status: 'complete' };
      memory.welcomed = true;
      return { replies: [welcome(memory.about)], memory, status: 'complete' };
    case 'too-long':
      return { replies: [tooLong(input.length, input.limit)], memory: undefined, status: 'refused' };
    case 'not-text':
      return {
        replies: [say('I can only read text messages. Tell me what happened, or say "help".')],
        memory: undefined,
        status: 'refused',
      };
  }
  const source = input.source;
  try {
    switch (input.kind) {
      case 'basis-ack': {
        const reply = await handleBasisAck(input.ack, source, services.basisAcks);
        return { replies: [reply], memory: undefined, status: 'complete' };
      }
      case 'job-retry': {
        const reply = await handleJobRetry(input.retry, source, services.jobRetries);
        return { replies: [reply], memory: undefined, status: 'complete' };
      }
      case 'approval-decision': {
        const reply = await handleApprovalDecision(input.decision, source, services.approvals);
        return { replies: [reply], memory: undefined, status: 'complete' };
      }
      case 'triage-feedback': {
        const reply = await handleTriageFeedback(input.feedback, source, services.triageFeedback);
        return { replies: [reply], memory: undefined, status: 'complete' };
      }
      case 'channel-registration': {
        const turn = turnOf(source, input.text);
        const reply = await handleChannelRegistration(input.command, turn, services.registrations);
        return { replies: [reply], memory: undefined, status: 'complete' };
      }
      case 'alert-decision': {
        const formBefore = memory.form?.id;
        const writes = writesAlongside(services.conversation);
        const replies = await handleAlertDecision(
          input.decision,
          turnOf(source, ''),
          memory,
          writes.services,
          services.alertDecisions,
        );
        return {
          replies,
          memory,
          status: statusAfter(memory, formBefore, false),
          written: writes.done(),
          begun: writes.begun,
        };
      }
      case 'card-submit': {
        const formBefore = memory.form?.id;
        const turn: Turn = { ...turnOf(source, ''), submit: input.submit };
        const writes = writesAlongside(services.conversation);
        const replies = await handleTurn(turn, memory, writes.services);
        const cancelled = input.submit.action === 'cancel';
        return {
          replies,
          memory,
          status: statusAfter(memory, formBefore, cancelled),
          written: writes.done(),
          begun: writes.begun,
        };
      }
      case 'text':
        return await understandText(input.text, source, memory, services, input.nextStep);
    }
  } catch (error) {
    return {
      replies: [failureReply(error, logger, source.conversationId)],
      memory: undefined,
      status: 'failed',
    };
  }
}

/**
 * A text message: recognized, its command audited alongside, routed. `nextStep`: the suggested
 * next step whose button sent it, recorded as accepted before the text is handled like typed text.
 */
async function understandText(
  text: string,
  source: TurnSource,
  memory: ConversationMemory,
  services: TurnServices,
  nextStep?: string,
): Promise<TurnResult> {
  const { conversation } = services;
  // Suggestions are offered for one turn: a press comes next or not at all ("why?" aside).
  const offered = memory.offered;
  delete memory.offered;
  const correction = readCorrectionWords(text);
  const earlier = correction ? correctableMessage(memory, offered) : undefined;
  if (earlier && correction?.kind === 'wrong') {
    const formBefore = memory.form?.id;
    const reply = await askWhatWasMeant(earlier, memory, turnOf(source, text), conversation);
    return { replies: [reply], memory, status: statusAfter(memory, formBefore, true) };
  }
  // "no, I meant X": X is the message to understand (an open form's answer "no, I meant PC-0816"
  // too); the earlier message, when it can be corrected, is corrected first.
  const said = correction?.kind === 'meant' ? correction.meant : text;
  const recognition = await services.recognizer.recognize(said);
  const turn: Turn = { ...turnOf(source, said), recognition };
  if (ABOUT_EARLIER_MESSAGE_INTENTS.includes(recognition.intent) && offered) memory.offered = offered;
  const corrected =
    earlier && correction ? await correctEarlier(earlier, recognition, memory, turn, conversation) : [];
  if (!correction) await pickedSuggestion(offered, text, turn, conversation);
  if (nextStep !== undefined && conversation.nextStepAccepted) {
    // Measurement only: a failure to record it is logged, and the analyst's request still runs.
    await conversation.nextStepAccepted(turn, nextStep).catch((error: unknown) => {
      conversation.logger.error({ err: error, nextStep }, 'could not record an accepted next step');
    });
  }
  // A bare answer to the open form's question is no command, whatever intent the model gives it.
  const answersForm = isBareAnswerToOpenForm(memory, conversation.registry, said);
  const command = answersForm ? undefined : conversation.registry.forIntent(recognition.intent);
  services.observer?.recognized(recognition, answersForm);
  // Written while the turn is handled rather than before (under load this saves the command
  // turn a wait); the result and any later audit entry of this turn wait for it.
  const commandAudited = command
    ? conversation.audit(turn, {
        action: 'command',
        summary: command.manifest.title,
        details: {
          intent: recognition.intent,
          score: Number(recognition.score.toFixed(3)),
          entities: recognition.entities.map((entity) => ({ type: entity.entity, value: entity.value })),
        },
      })
    : Promise.resolve();
  // Awaited below; this only keeps a turn that fails first from leaving it unobserved.
  commandAudited.catch(() => undefined);
  logTurn(conversation.logger, turn);
  // Whatever else this turn audits waits for the command's entry first: nothing the turn does can
  // be on record without the command.
  const auditAfterCommand: ConversationServices['audit'] = async (auditedTurn, record) => {
    await commandAudited;
    await conversation.audit(auditedTurn, record);
  };
  const before = formsBefore(memory);
  const writes = writesAlongside({ ...conversation, audit: auditAfterCommand });
  const replies = [...corrected, ...(await handleTurn(turn, memory, writes.services))];
  rememberRecognized(memory, said, recognition, before, command !== undefined);
  await commandAudited;
  const cancelled = recognition.intent === CONVERSATION_INTENTS.cancel;
  return {
    replies,
    memory,
    status: statusAfter(memory, before.open, cancelled),
    written: writes.done(),
    begun: writes.begun,
  };
}

/** The forms before a message is handled: what it started and what it ran are told from them. */
interface FormsBefore {
  open: string | undefined;
  parked: string[];
  ended: string[];
}

function formsBefore(memory: ConversationMemory): FormsBefore {
  return {
    open: memory.form?.id,
    parked: (memory.parked ?? []).map((form) => form.id),
    ended: (memory.ended ?? []).map((form) => form.id),
  };
}

/** Keeps this message as the one a later "why?" or "no, I meant …" is about (unless it is one of those). */
function rememberRecognized(
  memory: ConversationMemory,
  text: string,
  recognition: Recognition,
  before: FormsBefore,
  isCommand: boolean,
): void {
  if (ABOUT_EARLIER_MESSAGE_INTENTS.includes(recognition.intent)) return;
  const open = memory.form?.id;
  const started = open !== undefined && open !== before.open && !before.parked.includes(open);
  const acted = (memory.ended ?? [])
    .filter((form) => form.outcome === 'finished' && !before.ended.includes(form.id))
    .map((form) => form.skill);
  memory.lastRecognized = {
    text: text.slice(0, REMEMBERED_TEXT_CHARS),
    intent: recognition.intent,
    score: recognition.score,
    alternatives: recognition.alternatives.map((a) => ({ intent: a.intent, score: a.score })),
    ...(started && open !== undefined ? { startedForm: open } : {}),
    ...(acted.length > 0 ? { acted } : {}),
    ...(before.open !== undefined && !isCommand ? { answeredForm: true } : {}),
  };
}

/**
 * The services of one turn with `auditAlongside`: entries nothing later in the turn depends on,
 * written while the edge saves the memory; `done()` settles when they are written (a failure is
 * logged: the action they record has happened, and its answer must still reach the analyst).
 * `begun` collects the request ids of the actions this turn wrote ahead (`beginAction`), which
 * the edge marks finished once it sent the replies.
 */
function writesAlongside(conversation: ConversationServices): {
  services: ConversationServices;
  done: () => Promise<void>;
  begun: string[];
} {
  const writes: Promise<void>[] = [];
  const begun: string[] = [];
  const beginAction = conversation.beginAction;
  const auditAlongside = (turn: Turn, record: TurnAuditRecord): void => {
    writes.push(
      conversation.audit(turn, record).catch((error: unknown) => {
        conversation.logger.error(
          { err: error, action: record.action, conversationId: turn.conversationId },
          'an audit entry of a finished action could not be written',
        );
      }),
    );
  };
  return {
    services: {
      ...conversation,
      auditAlongside,
      ...(beginAction
        ? {
            beginAction: async (turn: Turn, action: BegunAction) => {
              await beginAction(turn, action);
              begun.push(action.requestId);
            },
          }
        : {}),
    },
    done: () => Promise.all(writes).then(() => undefined),
    begun,
  };
}

/** `waiting` while a form is open; `cancelled` when the analyst's cancel closed one; else `complete`. */
function statusAfter(
  memory: ConversationMemory,
  formBefore: string | undefined,
  cancelAsked: boolean,
): TurnResult['status'] {
  if (memory.form) return 'waiting';
  return formBefore !== undefined && cancelAsked ? 'cancelled' : 'complete';
}

function tooLong(length: number, limit: number): BotReply {
  return say(
    `That message is too long for me (${length.toLocaleString('en-US')} characters; my limit is ${limit.toLocaleString('en-US')}). ` +
      'Nothing was changed. Please send just the essentials: alert ID, terminal, user and system.',
  );
}

function logTurn(logger: Logger, turn: Turn): void {
  logger.debug(
    { conversationId: turn.conversationId, intent: turn.recognition?.intent, score: turn.recognition?.score },
    'turn',
  );
}

/** The parts of a turn every kind of input has. */
function turnOf(source: TurnSource, text: string): Turn {
  return { text, ...source };
}
