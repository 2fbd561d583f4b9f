import type { Actor } from '../access/actor';
import type { AccessDecision } from '../access/authorize';
import type { Role } from '../access/roles';
import type { SideEffect } from '../access/side-effects';
import type { AlertLifecycle } from '../app/alert-lifecycle';
import type { Approvals } from '../app/approvals';
import type { AuditRecord } from '../audit/audit-entry';
import type { ActionIntentStore } from '../store/action-intent-store';
import type { AlertStore } from '../store/alert-store';
import type { BasisRequestLog } from '../store/basis-request-log';
import type { TurnStartRead } from '../store/json-document';
import type { ConversationAudience, ConversationDirectoryStore } from '../store/conversation-directory';
import type { OwnedStateStorage } from '../store/state-storage';
import type { ReviewQueue } from '../store/review-queue';
import type { TriageFeedbackDeps } from './triage-feedback';
import type {
  ActionServices,
  AlertTriageServices,
  IncidentServices,
  IndicatorLookupServices,
  MailCorrectionServices,
} from '../skills/types';
import type { AuditActor } from '../audit/audit-entry';
import type { JobRetries } from './job-retry';
import type { TurnObserver } from './turn-observer';
import type { NextStepAdvisor } from '../app/next-steps/next-step-advisor';

/**
 * How a turn arrived, as the channel edge knows it from the adapter that runs it (never from what
 * the activity claims: anyone can post `channelId: 'console'` to /api/messages).
 */
export interface TurnOrigin {
  /** The terminal (`socbot chat`), the built-in Direct Line (Web Chat), or the Bot Framework endpoint. */
  transport: 'console' | 'directline' | 'bot-framework';
  /** The activity's serviceUrl. */
  serviceUrl: string;
}

/** What acknowledging a Basis notice from a card button needs (the composition root's implementation). */
export interface BasisAcknowledger {
  acknowledge(input: {
    ref: string;
    by: AuditActor;
    via: 'teams' | 'link';
    conversationId?: string;
  }): Promise<{ status: 'acknowledged' | 'already-acknowledged' | 'unknown-alert' }>;
}

/** The write-ahead journal of confirmed actions (src/store/action-intents.ts), as the bot uses it. */
export type ActionIntentJournal = Pick<ActionIntentStore, 'begin' | 'finish' | 'isUnfinished'>;

/**
 * Everything the bot uses besides the recognizer, built once by the composition root (src/app/):
 * the data files, the audit trail, the access policy, the conversation directory and the outbound
 * side effects. One object so `serve`, `chat` and the tests wire the bot the same way.
 */
export interface BotWiring {
  store: {
    storage: OwnedStateStorage;
    alerts: AlertStore;
    reviews: ReviewQueue;
    basisRequests: BasisRequestLog;
  };
  audit: { append(record: AuditRecord): Promise<unknown> };
  /** Where ratings of AI triage cards are kept (src/store/triage-log.ts); absent: not kept. */
  triageFeedback?: TriageFeedbackDeps['triageFeedback'];
  /**
   * Confirmed actions are written here before they run and marked finished once their answer was
   * sent; start-up runs again what a crash left begun (src/app/replay-intents.ts). Absent in
   * tests that wire the bot by hand: actions then run without the journal.
   */
  intents?: ActionIntentJournal;
  /**
   * Queues a message to a conversation as a proactive message through the outbox (job
   * `tell.recovered`, keyed by the request): the answer to a confirmed action whose reply the
   * connector did not take. Absent in tests that wire the bot by hand.
   */
  tellLater?(message: { requestId: string; conversationKey: string; text: string }): Promise<void>;
  /** Told how each turn ended and what the NLU recognised (GET /metrics, src/metrics/); absent: nobody counts. */
  turnObserver?: TurnObserver;
  authorize(actor: Actor, action: SideEffect): AccessDecision;
  rolesOf(actor: Actor): Role[];
  /**
   * The alert's lifecycle (src/app/alert-lifecycle.ts): the card's "False positive" closes through
   * it, and skills use it bound to the turn's actor (SkillServices.lifecycle).
   */
  alertLifecycle: AlertLifecycle;
  directory: Pick<ConversationDirectoryStore, 'remember' | 'register' | 'unregister'>;
  /** True for the person at the machine (console; loopback Web Chat with authentication off). */
  isLocalTurn(origin: TurnOrigin): boolean;
  /** The outbound side effects of one turn. */
  actionServices(origin: {
    actor: Actor;
    conversationId: string;
    conversationKey: string;
    /** How the audit trail names a non-human caller (the SIEM intake). */
    auditAs?: AuditActor;
  }): ActionServices;
  /** The incident rooms and timelines of one turn (bound like `actionServices`). */
  incidentServices(origin: {
    actor: Actor;
    conversationId: string;
    conversationKey: string;
  }): IncidentServices;
  /** The indicator look-ups of one turn (bound like `actionServices`). */
  indicatorLookups(origin: {
    actor: Actor;
    conversationId: string;
    conversationKey: string;
  }): IndicatorLookupServices;
  /** Corrections of a mail's category for one turn's analyst; absent: the correction skill says it is not wired. */
  mailCorrections?(origin: { actor: Actor; conversationId: string }): MailCorrectionServices;
  /** The on-demand AI triage of one turn (bound like `actionServices`). */
  triageOnDemand(origin: {
    actor: Actor;
    conversationId: string;
    conversationKey: string;
  }): AlertTriageServices;
  /** The incident rooms: which incident a conversation is the room of (src/store/incident-rooms.ts). */
  rooms: {
    refOfConversation(conversationKey: string, turnStart?: TurnStartRead): Promise<string | undefined>;
  };
  basisAcknowledgement: BasisAcknowledger;
  /** The Retry button of a given-up side effect: finds the job and retries it, audited. */
  jobRetries: JobRetries;
  /** Approve / Reject on an approval card: the two-person rule for blocks (src/app/approvals.ts). */
  approvals: Pick<Approvals, 'decide'>;
  /** True when roles are configured by e-mail: a Teams user's e-mail is then looked up. */
  rolesByEmail: boolean;
  /**
   * MicrosoftAppTenantId when socbot is bound to one tenant: a Teams user of another tenant is then
   * an unknown user. Empty or absent: any tenant.
   */
  tenantId?: string;
  /** Whether notices to this audience are posted to registered Teams conversations. */
  deliversByTeams(audience: ConversationAudience): boolean;
  /**
   * Next steps learned from closed alerts (src/app/next-steps/): offered when a skill shows an
   * alert, accepted when a button is pressed. Absent in tests that wire the bot by hand.
   */
  nextSteps?: NextStepAdvisor;
}
