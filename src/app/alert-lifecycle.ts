import type { AccessDecision } from '../access/authorize';
import type { Actor } from '../access/actor';
import { alertRuleRefusal, sideEffectOfChange } from '../access/alert-lifecycle-rules';
import { isLedBy, type LeadIdentities } from '../access/lead-identity';
import { mayReadAlerts } from '../access/alert-readers';
import type { Role } from '../access/roles';
import type { SideEffect } from '../access/side-effects';
import type { AuditTrail } from '../audit/audit-trail';
import { auditActorOf } from '../conversation/turn-actor';
import { SocbotError } from '../errors';
import type { AlertChangeRequest, AlertClassification } from '../store/alert-change';
import { parseRef } from '../store/alert-record';
import type { AlertChangeOutcome, AlertView } from '../store/alert-register';
import type { AlertStore } from '../store/alert-store';
import type { TicketFollow, TicketFollowOutcome } from './ticket-follow';

/** What the lifecycle service uses of the app. */
export interface AlertLifecycleDeps {
  alerts: Pick<AlertStore, 'change' | 'view' | 'views' | 'viewsWithAlertId'>;
  /** The audit trail: appended to, and read when a request comes again (was its change audited?). */
  audit: Pick<AuditTrail, 'append' | 'entriesOfAlert'>;
  authorize(actor: Actor, action: SideEffect): AccessDecision;
  rolesOf(actor: Actor): Role[];
  /** How people are named as leads: by identity, never by display name (src/access/lead-identity.ts). */
  leads: LeadIdentities;
  /** Queues the ticket's update when an alert is closed or reopened (src/app/ticket-follow.ts); none: no ticketing. */
  followTicket?: TicketFollow;
}

/** A closed or reopened alert, and what became of its ticket (`said` tells why nothing was queued). */
export type AlertWithTicket = AlertView & { ticketUpdate: TicketFollowOutcome };

/** Which alerts a list shows: not closed; not closed and led by the asker; not closed and P1 or P2. */
export type AlertListFilter = 'open' | 'mine' | 'urgent';

/**
 * A change whose refusal can be foreseen from the alert alone, before the form asks anything:
 * `take` is the asker taking the lead. Assigning is not here: it needs the person, and only leads
 * may assign, to whom no per-alert rule applies.
 */
export type ForeseenChange = 'take' | 'note' | 'contain' | 'close' | 'reopen';

/** Why a person named cannot lead an alert. */
export interface AssigneeProblem {
  /** The sentence `assign` refuses with: who they could be, or how to name someone socbot knows. */
  readonly reason: string;
  /** False when nobody can be named at all (no roles configured): asking again cannot help. */
  readonly anyoneAssignable: boolean;
}

/** One change asked for in chat; `requestId` makes a repeated Confirm one change. */
interface Asked {
  actor: Actor;
  ref: string;
  requestId: string;
  /** Where the outcome of the ticket's update is told (the conversation directory key); none: nowhere. */
  conversationKey?: string;
}

/**
 * The alert's lifecycle as the skills (and the card buttons) use it: look up, list, take the lead,
 * assign, note, contain, close with a classification, reopen. Each change is checked against the
 * roles (src/access/side-effects.ts, alert-lifecycle-rules.ts) before anything is written, written
 * as one line of the register (`AlertRegister.change`, idempotent by request id) and audited once
 * (`command`, with the alert's reference: the timeline of `socbot audit export --alert` shows it;
 * a request that comes again after a crash between the two finds its change and audits it then). A
 * refusal is audited (`refusal`) and thrown as FORBIDDEN with the reason to show.
 *
 * @example
 *   const lifecycle = createAlertLifecycle({ alerts: store.alerts, audit, authorize, rolesOf, leads });
 *   await lifecycle.takeLead({ actor, ref: 'SOC-2026-0001', requestId: 'turn-7' });
 *   await lifecycle.close({ actor, ref: 'SOC-2026-0001', requestId: 'turn-9' }, 'false_positive'); // .ticketUpdate
 */
export interface AlertLifecycle {
  /** One alert by reference, or the latest with this alert ID (and system, when given). */
  lookup(actor: Actor, refOrAlertId: string, system?: string): Promise<AlertView | undefined>;
  /** Every alert with this alert ID (and system, when given), oldest first: `lookup` takes the last. */
  lookupAll(actor: Actor, alertId: string, system?: string): Promise<AlertView[]>;
  /** Oldest first. */
  list(actor: Actor, filter: AlertListFilter): Promise<AlertView[]>;
  takeLead(asked: Asked): Promise<AlertView>;
  /** `lead` is an identity from SOCBOT_ROLES / SOCBOT_ROLES_FILE with the analyst or lead role. */
  assign(asked: Asked, lead: string): Promise<AlertView>;
  note(asked: Asked, text: string): Promise<AlertView>;
  contain(asked: Asked): Promise<AlertView>;
  /** Also queues the update of the alert's ticket (ticketUpdate says whether, or why not). */
  close(asked: Asked, classification: AlertClassification): Promise<AlertWithTicket>;
  /** Also queues the update of the alert's ticket, as close does. */
  reopen(asked: Asked): Promise<AlertWithTicket>;
  /**
   * Why `actor` may not make `change` to the alert as it stands now (by role or by the alert's
   * rules, the same reason the change would give), or undefined when they may or the register
   * lacks the alert (the change says so). Nothing is written or audited: the conversation asks it
   * to refuse before any question, and the change checks again when it is made.
   */
  changeRefusal(actor: Actor, ref: string, change: ForeseenChange): Promise<string | undefined>;
  /**
   * Why `named` cannot lead an alert (not an analyst or lead socbot knows, or a first name several
   * e-mails start with: the sentence `assign` refuses with), or undefined when it names one. Reads
   * only the role configuration, writes and audits nothing: the conversation asks it as soon as the
   * person is given; `assign` checks again when it acts (a saved form may be confirmed after a
   * restart with other roles).
   */
  assigneeProblem(named: string): AssigneeProblem | undefined;
  /** True when `actor` leads `alert`, by any identity they are known by. */
  leadsIt(actor: Actor, alert: Pick<AlertView, 'lead'>): boolean;
}

/** How the asker is shown: their name, else their channel id. */
function nameOf(actor: Actor): string {
  return actor.name?.trim() || actor.id;
}

export function createAlertLifecycle(deps: AlertLifecycleDeps): AlertLifecycle {
  function mayRead(actor: Actor): void {
    if (mayReadAlerts(deps.rolesOf(actor))) return;
    throw new SocbotError(
      'FORBIDDEN',
      'Looking up alerts needs the analyst or lead role. Ask a SOC lead to add you to SOCBOT_ROLES.',
    );
  }

  async function current(ref: string): Promise<AlertView> {
    const found = parseRef(ref.trim().toUpperCase()) ? await deps.alerts.view(ref) : undefined;
    if (found) return found;
    throw new SocbotError(
      'INPUT_INVALID',
      `There is no alert ${ref.trim()}. Name it by its reference (SOC-2026-0001); "open alerts" lists them.`,
      { ref },
    );
  }

  /**
   * Who `named` makes lead: an identity with the analyst or lead role, or a first name ("Maria")
   * only one such e-mail starts with; else why not, as the error `assign` throws.
   */
  function assigneeOf(named: string): { identity: string } | { problem: SocbotError } {
    const identity = deps.leads.assignableLead(named);
    if (identity !== undefined) return { identity };
    const byFirstName = deps.leads.assignableByFirstName(named);
    if (byFirstName.length === 1 && byFirstName[0] !== undefined) return { identity: byFirstName[0] };
    if (byFirstName.length > 1) {
      return {
        problem: new SocbotError(
          'INPUT_INVALID',
          `"${named.trim()}" could be ${orList(byFirstName)}. Name the person by their e-mail.`,
          { lead: named, matches: byFirstName },
        ),
      };
    }
    if (!deps.leads.rolesConfigured) {
      // Open local mode: naming someone by an identity cannot help, so say what can.
      return {
        problem: new SocbotError(
          'INPUT_INVALID',
          `"${named.trim()}" is not an analyst or SOC lead socbot knows: socbot has no roles configured yet, so it knows nobody to assign an alert to. ` +
            'Take the lead yourself ("I\'ll take it"); an administrator assigns roles with SOCBOT_ROLES or SOCBOT_ROLES_FILE.',
          { lead: named },
        ),
      };
    }
    return {
      problem: new SocbotError(
        'INPUT_INVALID',
        `"${named.trim()}" is not an analyst or SOC lead socbot knows. Name the person by the e-mail (or a first name only one e-mail starts with), ` +
          'Entra object id or channel id that SOCBOT_ROLES (or SOCBOT_ROLES_FILE) gives the analyst or lead role; ' +
          'display names are not unique.',
        { lead: named },
      ),
    };
  }

  /** The role check of the side effect the change is, then the per-alert rule: the reason, or undefined. */
  function refusalOf(actor: Actor, alert: AlertView, request: Pick<AlertChangeRequest, 'action' | 'lead'>) {
    const rule = {
      action: request.action,
      asker: deps.leads.identitiesOf(actor),
      currentLead: alert.lead,
      ...(request.lead !== undefined ? { newLead: request.lead } : {}),
    };
    const decision = deps.authorize(actor, sideEffectOfChange(rule));
    return decision.allowed ? alertRuleRefusal(rule, deps.rolesOf(actor)) : decision.reason;
  }

  async function change(asked: Asked, request: Omit<AlertChangeRequest, 'ref' | 'by' | 'requestId'>) {
    const { actor } = asked;
    const roles = deps.rolesOf(actor);
    const alert = await current(asked.ref);
    const refusal = refusalOf(actor, alert, request);
    if (refusal !== undefined) {
      await deps.audit.append({
        actor: auditActorOf(actor, roles),
        action: 'refusal',
        summary: summaryOf(alert.ref, request),
        result: refusal,
        alertRef: alert.ref,
        details: { requestId: asked.requestId },
      });
      throw new SocbotError('FORBIDDEN', refusal, { ref: alert.ref, action: request.action });
    }
    const outcome = await deps.alerts.change({
      ...request,
      ref: alert.ref,
      by: nameOf(actor),
      requestId: asked.requestId,
    });
    // A request that comes again (a replayed Confirm) is audited only if the first time's entry
    // never got written (a crash between the register's line and the audit trail's).
    if (outcome.made || !(await wasAudited(deps, outcome.ref, asked.requestId))) {
      await audited(deps, actor, roles, outcome, request);
    }
    return (await deps.alerts.view(outcome.ref)) ?? alert;
  }

  // Called for a request that comes again too: the job's key (ref + request id) makes it one update.
  async function changeFollowedByTicket(
    asked: Asked,
    request: { action: 'close' | 'reopen'; classification?: AlertClassification },
  ): Promise<AlertWithTicket> {
    const changed = await change(asked, request);
    const ticketUpdate: TicketFollowOutcome = deps.followTicket
      ? await deps.followTicket({
          ref: changed.ref,
          change: request.action,
          ...(request.classification ? { classification: request.classification } : {}),
          requestId: asked.requestId,
          actor: auditActorOf(asked.actor, deps.rolesOf(asked.actor)),
          ...(asked.conversationKey ? { conversationKey: asked.conversationKey } : {}),
        })
      : {
          queued: false,
          reason: 'no-ticketing',
          said: 'No ticketing system is set up here, so no ticket was updated.',
        };
    return { ...changed, ticketUpdate };
  }

  async function lookupAll(actor: Actor, alertId: string, system?: string): Promise<AlertView[]> {
    mayRead(actor);
    const sameId = await deps.alerts.viewsWithAlertId(alertId.trim());
    return sameId.filter((alert) => !system || alert.system.toUpperCase() === system.trim().toUpperCase());
  }

  return {
    async lookup(actor, refOrAlertId, system) {
      mayRead(actor);
      const wanted = refOrAlertId.trim();
      if (parseRef(wanted.toUpperCase())) return deps.alerts.view(wanted);
      return (await lookupAll(actor, wanted, system)).at(-1);
    },
    lookupAll,
    async list(actor, filter) {
      mayRead(actor);
      const open = (await deps.alerts.views()).filter((alert) => alert.status !== 'closed');
      if (filter === 'mine') {
        const identities = deps.leads.identitiesOf(actor);
        return open.filter((alert) => isLedBy(alert.lead, identities));
      }
      if (filter === 'urgent')
        return open.filter((alert) => alert.priority === 'P1' || alert.priority === 'P2');
      return open;
    },
    leadsIt: (actor, alert) => isLedBy(alert.lead, deps.leads.identitiesOf(actor)),
    takeLead: (asked) =>
      change(asked, {
        action: 'lead',
        lead: deps.leads.leadIdentityOf(asked.actor),
        leadName: nameOf(asked.actor),
      }),
    async assign(asked, named) {
      const assignee = assigneeOf(named);
      if ('problem' in assignee) throw assignee.problem;
      return change(asked, { action: 'lead', lead: assignee.identity, leadName: assignee.identity });
    },
    assigneeProblem(named) {
      const assignee = assigneeOf(named);
      if (!('problem' in assignee)) return undefined;
      return { reason: assignee.problem.message, anyoneAssignable: deps.leads.rolesConfigured };
    },
    note: (asked, text) => change(asked, { action: 'note', note: text }),
    contain: (asked) => change(asked, { action: 'contain' }),
    close: (asked, classification) => changeFollowedByTicket(asked, { action: 'close', classification }),
    reopen: (asked) => changeFollowedByTicket(asked, { action: 'reopen' }),
    async changeRefusal(actor, ref, foreseen) {
      const alert = parseRef(ref.trim().toUpperCase()) ? await deps.alerts.view(ref) : undefined;
      if (!alert) return undefined;
      // Taking is the change takeLead makes: the asker as the new lead.
      const request =
        foreseen === 'take'
          ? { action: 'lead' as const, lead: deps.leads.leadIdentityOf(actor) }
          : { action: foreseen };
      return refusalOf(actor, alert, request);
    },
  };
}

/** "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** True when the audit trail holds the `command` entry of the change made with `requestId`. */
async function wasAudited(deps: AlertLifecycleDeps, ref: string, requestId: string): Promise<boolean> {
  return (await deps.audit.entriesOfAlert(ref)).some(
    (entry) =>
      entry.action === 'command' &&
      entry.alertRef === ref &&
      entry.details.requestId === requestId &&
      entry.details.change !== undefined,
  );
}

/** The audit entry of a change made: the timeline's line for it. */
async function audited(
  deps: AlertLifecycleDeps,
  actor: Actor,
  roles: Role[],
  outcome: AlertChangeOutcome,
  request: Omit<AlertChangeRequest, 'ref' | 'by' | 'requestId'>,
): Promise<void> {
  const { change } = outcome;
  await deps.audit.append({
    actor: auditActorOf(actor, roles),
    action: 'command',
    summary: summaryOf(outcome.ref, request),
    result: `${change.from} → ${change.to}`,
    alertRef: outcome.ref,
    details: {
      requestId: change.requestId,
      change: change.action,
      from: change.from,
      to: change.to,
      ...(outcome.made ? {} : { recovered: true }),
      ...(request.classification ? { classification: request.classification } : {}),
      ...(request.lead ? { lead: request.lead } : {}),
      ...(request.leadName ? { leadName: request.leadName } : {}),
      ...(request.note ? { note: request.note } : {}),
    },
  });
}

/** One line for a SOC manager: "close SOC-2026-0001 as false_positive". */
function summaryOf(ref: string, request: Omit<AlertChangeRequest, 'ref' | 'by' | 'requestId'>): string {
  switch (request.action) {
    case 'lead':
      return `assign ${ref} to ${request.leadName ?? request.lead ?? ''}`;
    case 'note':
      return `note on ${ref}`;
    case 'contain':
      return `mark ${ref} contained`;
    case 'close':
      return `close ${ref} as ${request.classification ?? ''}`;
    case 'reopen':
      return `reopen ${ref}`;
  }
}
