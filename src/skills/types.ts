import type {
  AlertWithTicket,
  AlertListFilter,
  AssigneeProblem,
  ForeseenChange,
} from '../app/alert-lifecycle';
import type { OfferedNextStep } from '../app/next-steps/next-step-advisor';
import type { AlertClassification } from '../store/alert-change';
import type { AlertRecord, AlertView, NewAlert } from '../store/alert-register';
import type { BasisRequest, NewBasisRequest } from '../store/basis-request-log';
import type { SKILL_PERMISSIONS, SkillManifest } from './manifest-schema';

// The manifest types live with their schema; re-exported so a skill imports everything from here.
export type { SkillManifest, SkillManifestInput, SkillSlot } from './manifest-schema';
export type { AlertRecord, AlertView } from '../store/alert-register';
export type {
  AlertWithTicket,
  AlertListFilter,
  AssigneeProblem,
  ForeseenChange,
} from '../app/alert-lifecycle';
export type { AlertClassification } from '../store/alert-change';

/** A side effect a skill asks permission for (see SKILL_PERMISSIONS). */
export type SkillPermission = (typeof SKILL_PERMISSIONS)[number];

/** The answer to a permission check; a refusal was already audited, `reason` is for the user. */
export type PermissionAnswer = { allowed: true } | { allowed: false; reason: string };

/**
 * An outbound call handed to the persisted outbox (written before it is attempted, retried across
 * restarts). Opaque to a skill: it passes it to `report()`.
 */
export interface QueuedAction {
  readonly jobId: string;
  /** What it does, in words: "create the ticket for SOC-2026-0001". */
  readonly description: string;
  /** How the job stood when this request queued it (see OutcomeReports); unknown when absent. */
  readonly whenQueued?: JobStanding;
}

/**
 * Whether a job was settled, and which of its outcomes (a person's retry makes a new one), at a
 * given moment: when a request queued it, a settled job is an earlier request's.
 */
export interface JobStanding {
  readonly settled: boolean;
  readonly retries: number;
}

/** What to block: the attacker's terminal and, where a SCIM provider is configured, the SAP user. */
export interface BlockTarget {
  /** socbot's reference (or the alert ID when the alert is not registered). */
  alertRef: string;
  terminal: string;
  username: string;
  ip?: string;
}

/** A block that may need a SOC lead's approval first (the two-person rule, src/app/approvals.ts). */
export interface GuardedBlockTarget extends BlockTarget {
  /** The SAP system (SID, optionally `/client`): SOCBOT_APPROVAL_REQUIRED may list it. */
  system: string;
  /** The confirmed form's request id: asked twice (a replay), it is one approval request. */
  requestId: string;
}

/** What became of a guarded block. */
export type GuardedBlock =
  /** Allowed alone: queued (one action per blocking provider). */
  | { kind: 'queued'; queued: QueuedAction[] }
  /**
   * Needs a lead's approval: recorded as `approvalId`, the card to the leads queued (`queued`);
   * nothing is blocked before a lead approves. `reason`: the role may not block alone, or the policy
   * lists the action for the system.
   */
  | {
      kind: 'awaiting-approval';
      approvalId: string;
      expiresAt: string;
      reason: 'role' | 'policy';
      queued: QueuedAction[];
    }
  /** Not allowed to ask either (an unknown user): already audited, `reason` is for the user. */
  | { kind: 'refused'; reason: string };

/** What the Basis team (and for P1/P2 the SOC leads) is told. */
export interface NoticeRequest {
  alertRef: string;
  alertId: string;
  /** P1..P5 as text; anything else counts as P3. */
  priority: string;
  terminal: string;
  username: string;
  system: string;
  client?: string;
  ip?: string;
  /** What was (asked to be) blocked, in words, for the notice. */
  blocked: string[];
}

/**
 * Outbound side effects of a turn, bound to the user who asked and the conversation the results
 * are reported to. Every call is audited; nothing here throws for a missing configuration: a skill
 * asks `configured` first and says plainly what is not set up.
 */
export interface ActionServices {
  /** May this user do it? A refusal is audited before it is returned. */
  authorize(
    permission: SkillPermission,
    about: { summary: string; alertRef?: string },
  ): Promise<PermissionAnswer>;
  /** What this installation is configured to do (provider names), for honest answers. */
  readonly configured: {
    /** The ticketing provider, or undefined for TICKETING=none. */
    ticketing: string | undefined;
    /** Blocking providers (BLOCK), empty for none. */
    blocking: readonly string[];
    /** The notice channels of a Basis request ("basis by teams", "basis by email"…). */
    noticeChannels(priority: string): string[];
    /** Who an escalation of this priority reaches, now or after the delay ("leads by sms"…); empty: nobody. */
    escalationChannels(priority: string): string[];
  };
  /**
   * The priority to register: at least P2 for a business-critical system (SOCBOT_CRITICAL_SYSTEMS)
   * or a VIP user (SOCBOT_VIP_USERS), with the priority asked for and why, when it was raised.
   */
  priorityFor(alert: { system: string; username: string; priority: string }): {
    priority: string;
    raised?: { from: string; because: string };
  };
  /**
   * Starts the escalation of a registered P1/P2 alert: notices to the leads (and executives for P1)
   * now, the next tier after SOCBOT_ESCALATE_AFTER_MINUTES unless acknowledged; nothing for P3–P5.
   */
  escalate(alert: AlertRecord): Promise<QueuedAction[]>;
  /** Queues the ticket for a registered alert; undefined when no ticketing is configured. */
  createTicket(alert: AlertRecord): Promise<QueuedAction | undefined>;
  /** Queues one block per configured blocking provider. */
  block(target: BlockTarget): Promise<QueuedAction[]>;
  /**
   * Blocks as `block` does when this user may block alone on this system; otherwise asks the SOC
   * leads for an approval (SOCBOT_APPROVAL_REQUIRED, SOCBOT_ANALYSTS_MAY_BLOCK) and blocks only
   * once one approves; refuses (audited) whoever may not even ask.
   */
  blockWithApproval(target: GuardedBlockTarget): Promise<GuardedBlock>;
  /** Queues one notice per configured notifier of the priority's audiences. */
  notify(notice: NoticeRequest): Promise<QueuedAction[]>;
  /**
   * Waits briefly (the acknowledgement window, ~3 s) for the actions and returns one sentence per
   * action: its result when done, "on it, I'll report back" otherwise. What was not done in time is
   * reported later by a proactive message to this conversation.
   */
  report(actions: readonly QueuedAction[]): Promise<string[]>;
}

/**
 * What a lifecycle call came to: its value, or why nothing changed. `refused` is true for a refusal
 * by role or by the alert's rules (already audited as a refusal; end the form as refused), false
 * for a request that cannot be done (no such alert, a closed alert cannot be contained, an unknown
 * person). `reason` is a sentence to show.
 */
export type LifecycleAnswer<T> = { ok: true; value: T } | { ok: false; refused: boolean; reason: string };

/**
 * The alert's lifecycle (src/app/alert-lifecycle.ts) bound to the user who asks and the
 * conversation: every change is checked against the roles before it is written, recorded on the
 * alert and audited; `requestId` (pass `ctx.requestId`) makes a replayed request one change.
 */
export interface AlertLifecycleServices {
  /** One alert by reference, or the latest with this alert ID (and system); `value` undefined: none. */
  lookup(refOrAlertId: string, system?: string): Promise<LifecycleAnswer<AlertView | undefined>>;
  /** Every alert with this alert ID (and system), oldest first: `lookup` takes the last. */
  lookupAll(alertId: string, system?: string): Promise<LifecycleAnswer<AlertView[]>>;
  /** Alerts not closed (all, led by the asker, or P1/P2), oldest first. */
  list(filter: AlertListFilter): Promise<LifecycleAnswer<AlertView[]>>;
  takeLead(ref: string, requestId: string): Promise<LifecycleAnswer<AlertView>>;
  /** `person`: an identity from SOCBOT_ROLES, or a first name only one analyst's or lead's e-mail starts with. */
  assign(ref: string, person: string, requestId: string): Promise<LifecycleAnswer<AlertView>>;
  note(ref: string, text: string, requestId: string): Promise<LifecycleAnswer<AlertView>>;
  contain(ref: string, requestId: string): Promise<LifecycleAnswer<AlertView>>;
  /** Also queues the update of the alert's ticket (`ticketUpdate` says whether, or why not). */
  close(
    ref: string,
    classification: AlertClassification,
    requestId: string,
  ): Promise<LifecycleAnswer<AlertWithTicket>>;
  reopen(ref: string, requestId: string): Promise<LifecycleAnswer<AlertWithTicket>>;
  /**
   * Why the asker may not make `change` to the alert as it stands now (the sentence the change would
   * refuse with), or undefined when they may; nothing is written or audited. The engine asks it
   * before a lifecycle skill's questions; the change itself checks again.
   */
  changeRefusal(ref: string, change: ForeseenChange): Promise<string | undefined>;
  /**
   * Why `person` cannot lead an alert (nobody socbot knows as analyst or lead, or a first name
   * several e-mails start with: the sentence `assign` would refuse with), or undefined when it names
   * someone; nothing is written or audited. The engine asks it as soon as a `person` slot is filled.
   */
  assigneeProblem(person: string): AssigneeProblem | undefined;
  /** True when the asker leads `alert` (by any identity they are known by). */
  leadsIt(alert: Pick<AlertView, 'lead'>): boolean;
}

/** One line of an incident's timeline: an audit entry as `socbot audit export --alert REF` shows it. */
export interface TimelineLine {
  /** ISO 8601 time of the entry. */
  at: string;
  /** Who, with the role they acted in: "Ana (analyst)". */
  who: string;
  what: string;
  result: string;
}

/** An incident's timeline, with what its header shows. */
export interface IncidentTimeline {
  ref: string;
  status: string;
  /** The lead's name; absent while nobody leads it. */
  lead?: string;
  /** Oldest first, every entry. */
  lines: TimelineLine[];
}

/** An incident's room as {@link IncidentServices.openRoom} left it. */
export interface RoomOpening {
  ref: string;
  /** True when this call opened the room; false when it was open already. */
  opened: boolean;
  /** The room's shared Web Chat page, a path on socbot's server: `/incidents/SOC-2026-0001`. */
  pagePath: string;
  /** The start of its Teams thread, queued now; absent when it has one or no SOC channel is registered. */
  teams?: QueuedAction;
  /** Why nothing was queued for Teams, in words, when nothing was. */
  teamsNote?: string;
}

/**
 * An incident's room and history, bound to the analyst who asks (issue 13 §2). Both throw
 * INPUT_INVALID for an alert the register lacks.
 */
export interface IncidentServices {
  /**
   * Opens the incident's room, or finds it open (idempotent by reference): its shared Web Chat page
   * and, where a SOC channel is registered in Teams, a thread there headed by number, description
   * and lead (through the outbox, once).
   */
  openRoom(refOrAlertId: string): Promise<RoomOpening>;
  /** The incident's timeline, the same entries as `socbot audit export --alert REF`. */
  timeline(refOrAlertId: string): Promise<IncidentTimeline>;
}

/** One indicator's answer, worded: its card and, when a source was rate-limiting, the late answer queued. */
export interface IndicatorAnswer {
  /** The indicator as it is safe to show (defanged): `185.220.101[.]4`. */
  shown: string;
  /** Its card as chat text: the overall verdict, one line per source, what is not configured. */
  text: string;
  /** Whether it was looked up at any source (false: internal address, nothing configured). */
  lookedUp: boolean;
  /** The late answer of the sources that were rate-limiting us, queued for this conversation. */
  late?: QueuedAction;
}

/**
 * Indicator look-ups at the threat-intelligence sources (issue 14, src/app/indicator-lookups.ts),
 * bound to the analyst who asks and the conversation. Read-only and cached: the same indicator asked
 * by five analysts within the cache time costs one call per source. Internal addresses (private,
 * loopback, documentation ranges) are never sent anywhere.
 */
export interface IndicatorLookupServices {
  /**
   * Looks up each indicator of an `indicators` slot's value (refanged IPs, domains, URLs, hashes,
   * with `(+N more)` when the message held more than socbot takes at once); a failing or
   * rate-limiting source is said on the card, never thrown. `requestId` keys the late answers;
   * `alertRef` is the incident they belong to. `leftOut`: how many the message held beyond them.
   */
  lookup(
    indicators: string,
    about: { requestId: string; alertRef?: string },
  ): Promise<{ answers: IndicatorAnswer[]; leftOut: number }>;
  /** The incident whose room this conversation is; look-ups there attach to it. */
  incident(): Promise<string | undefined>;
}

/** What became of an on-demand AI triage, worded for the analyst. */
export interface AlertTriageAnswer {
  /**
   * `done`: the triage is stored and `text` shows it (its card, with the feedback buttons, is posted
   * to this conversation too); `pending`: queued, the card comes here when the model has answered;
   * `unavailable`: the model gave no valid triage (nothing of it is shown); `off`: AI triage is not
   * configured here and nothing was sent; `unknown`: no such alert in the register.
   */
  status: 'done' | 'pending' | 'unavailable' | 'off' | 'unknown';
  text: string;
  /** The alert's socbot reference, when the register has it. */
  ref?: string;
}

/**
 * On-demand AI triage of a registered alert (issue 16, src/app/triage-on-demand.ts), bound to the
 * analyst who asks and the conversation the card goes to. The model's answer only fills the answer
 * and the card: it never triggers an action.
 */
export interface AlertTriageServices {
  /** Whether AI triage is configured (LLM_BASE_URL set). */
  readonly enabled: boolean;
  /** Triages the alert once per `requestId` (a confirmation handled twice asks the model once). */
  triage(ref: string, requestId: string): Promise<AlertTriageAnswer>;
}

/** What a correction of a mail's category answers; `text` is the reply, worded for the analyst. */
export type MailCorrectionAnswer = { ok: true; ref: string; text: string } | { ok: false; text: string };

/** Corrections of the category of a mail to the SOC mailbox (src/app/mail-corrections.ts). */
export interface MailCorrectionServices {
  /** The categories a mail can be corrected to (the route table's). */
  readonly categories: readonly string[];
  /**
   * Corrects the category of the mail an alert was registered from: logged (`mail.jsonl`), audited,
   * noted on the ticket, the new category's route run; keyed, so the same correction again adds
   * nothing. Refuses an alert the mailbox did not register.
   */
  correct(request: {
    ref: string;
    category: string;
    source: 'card' | 'chat';
    requestId: string;
  }): Promise<MailCorrectionAnswer>;
}

/** The services a skill action may use: everything it touches goes through these. */
export interface SkillServices {
  alerts: {
    add(alert: NewAlert): Promise<AlertRecord>;
    /** By socbot reference (`SOC-2026-0001`) or, failing that, the latest with this alert ID. */
    find(refOrAlertId: string): Promise<AlertRecord | undefined>;
    /** Every alert registered with this alert ID, oldest first (to tell an analyst it is already registered). */
    withAlertId(alertId: string): Promise<AlertRecord[]>;
  };
  basisRequests: {
    add(request: NewBasisRequest): Promise<BasisRequest>;
  };
  /** The alert's lifecycle: look up, list, take, assign, note, contain, close, reopen. */
  lifecycle: AlertLifecycleServices;
  /** Permission checks and outbound calls (tickets, blocks, notices). */
  actions: ActionServices;
  /** Incident rooms and timelines. */
  incidents: IncidentServices;
  /** Indicator look-ups (VirusTotal, AbuseIPDB, GreyNoise, Shodan, MISP). */
  indicators: IndicatorLookupServices;
  /** On-demand AI triage (an OpenAI-compatible model; off unless LLM_BASE_URL is set). */
  triage: AlertTriageServices;
  /**
   * Next steps learned from closed alerts of the same kind (src/app/next-steps/), for the alert a
   * skill shows: up to three the asker may take, recorded as shown; `justDone`, a skill that has
   * just acted on it and is not on record yet, counts as done. Absent where none are wired
   * (start-up's replay, tests that wire the services by hand).
   */
  nextSteps?: { offer(ref: string, justDone?: string): Promise<OfferedNextStep[]> };
  /** Corrections of a mail's category; absent where not wired (tests that wire the services by hand). */
  mail?: MailCorrectionServices;
}

/** Who is talking to the bot. */
export interface UserIdentity {
  id: string;
  name: string;
}

/** What `act()` receives once every required slot is filled and the analyst confirmed. */
export interface SkillContext {
  /** Slot values by slot name; an optional slot the analyst skipped is absent. */
  slots: Readonly<Record<string, string | undefined>>;
  user: UserIdentity;
  conversationId: string;
  /**
   * Unique per filled form: pass it to services as the idempotency key (`requestId`), so a
   * confirmation handled twice (a double click, a retried request) has its effect once.
   */
  requestId: string;
  services: SkillServices;
}

/** What the bot answers after the action. */
export interface SkillReply {
  text: string;
  /**
   * socbot's reference of the registered alert the action was about, if any: the engine records
   * it on the action's audit entry, so `socbot audit export --alert REF` finds the action (and its
   * confirmation).
   */
  alertRef?: string;
  /**
   * 'refused' when the action did nothing because it was not allowed (its `authorize` said no):
   * the engine audits the refusal as such and ends the form as refused. Default 'done'.
   */
  outcome?: 'done' | 'refused';
  /**
   * true: the engine offers the next steps of `alertRef` as buttons under the reply (what analysts
   * did next on similar alerts, this skill counted as done). For skills that show an alert.
   */
  offerNextSteps?: boolean;
}

/**
 * A skill's action module (`skills/<name>/action.ts`) exports `act`.
 *
 * @example
 *   export const act: SkillAction = async ({ slots, services, user }) => {
 *     const allowed = await services.actions.authorize('register_alert', { summary: 'register alert' });
 *     if (!allowed.allowed) return { text: allowed.reason };
 *     const alert = await services.alerts.add({ ... });
 *     return { text: `Registered as ${alert.ref}.` };
 *   };
 */
export type SkillAction = (ctx: SkillContext) => Promise<SkillReply>;

/** A loaded skill: its folder name, validated manifest and action. */
export interface Skill {
  /** The folder name under skills/, e.g. `register-alert`. */
  name: string;
  dir: string;
  manifest: SkillManifest;
  /** The manifest's version (declared, or a hash of its slots): saved forms carry it. */
  version: string;
  act: SkillAction;
  /** Optional: a reason to ask again before acting (e.g. the alert is already registered). */
  check?: SkillCheck;
}

/**
 * A skill's action module may export `check`: run when the analyst confirms, before `act`. A
 * warning is shown as a second question ("… is already registered as SOC-2026-0001: register it
 * again anyway?"), and only an answer to that warning itself runs the action: "yes anyway" or the
 * warning card's Confirm (a repeated "yes" or the first card's Confirm pressed again does not).
 * It runs again when a form kept aside at its warning comes back, so it must only read.
 *
 * @example
 *   export const check: SkillCheck = async ({ slots, services }) =>
 *     (await services.alerts.find(slots.alertId ?? '')) ? { warning: 'That alert is already registered.' } : undefined;
 */
export type SkillCheck = (ctx: SkillContext) => Promise<{ warning: string } | undefined>;
