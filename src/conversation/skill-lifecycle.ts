import type { Actor } from '../access/actor';
import type { AlertLifecycle } from '../app/alert-lifecycle';
import { SocbotError } from '../errors';
import type { AlertLifecycleServices, LifecycleAnswer } from '../skills/types';

/** Who asks, and where the outcome of a ticket's update is told. */
export interface LifecycleOrigin {
  actor: Actor;
  /** The conversation directory key; '' for none. */
  conversationKey: string;
}

/**
 * The lifecycle service as a skill sees it (SkillServices.lifecycle): bound to the asker and the
 * conversation, and answering instead of throwing for what the analyst is to be told. A refusal
 * (FORBIDDEN, already audited by the lifecycle) is `refused`; a request that cannot be done
 * (INPUT_INVALID: no such alert, a closed alert contained, an unknown person) is not. Anything else
 * (a disk error) is thrown: the engine reports it and keeps the form for a retry.
 *
 * @example
 *   const lifecycle = lifecycleFor(app.alertLifecycle, { actor, conversationKey: 'webchat/c1' });
 *   const closed = await lifecycle.close('SOC-2026-0001', 'false_positive', ctx.requestId);
 *   if (!closed.ok) return { text: closed.reason, ...(closed.refused ? { outcome: 'refused' } : {}) };
 */
export function lifecycleFor(lifecycle: AlertLifecycle, origin: LifecycleOrigin): AlertLifecycleServices {
  const { actor } = origin;
  const asked = (ref: string, requestId: string) => ({
    actor,
    ref,
    requestId,
    ...(origin.conversationKey !== '' ? { conversationKey: origin.conversationKey } : {}),
  });
  return {
    lookup: (refOrAlertId, system) => answered(lifecycle.lookup(actor, refOrAlertId, system)),
    lookupAll: (alertId, system) => answered(lifecycle.lookupAll(actor, alertId, system)),
    list: (filter) => answered(lifecycle.list(actor, filter)),
    takeLead: (ref, requestId) => answered(lifecycle.takeLead(asked(ref, requestId))),
    assign: (ref, person, requestId) => answered(lifecycle.assign(asked(ref, requestId), person)),
    note: (ref, text, requestId) => answered(lifecycle.note(asked(ref, requestId), text)),
    contain: (ref, requestId) => answered(lifecycle.contain(asked(ref, requestId))),
    close: (ref, classification, requestId) =>
      answered(lifecycle.close(asked(ref, requestId), classification)),
    reopen: (ref, requestId) => answered(lifecycle.reopen(asked(ref, requestId))),
    changeRefusal: (ref, change) => lifecycle.changeRefusal(actor, ref, change),
    assigneeProblem: (person) => lifecycle.assigneeProblem(person),
    leadsIt: (alert) => lifecycle.leadsIt(actor, alert),
  };
}

async function answered<T>(call: Promise<T>): Promise<LifecycleAnswer<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (error instanceof SocbotError && (error.code === 'FORBIDDEN' || error.code === 'INPUT_INVALID')) {
      return { ok: false, refused: error.code === 'FORBIDDEN', reason: error.message };
    }
    throw error;
  }
}
