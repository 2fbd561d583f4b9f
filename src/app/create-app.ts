import { auditTrailOf, conversationDirectoryOf, outboxStoreOf } from '../store/backend-stores';
import { isIP } from 'node:net';
import { createAlertLifecycle, type AlertLifecycle } from './alert-lifecycle';
import path from 'node:path';
import { createAuthorizer } from '../access/authorize';
import { AuditLog } from '../audit/audit-log';
import type { AuditTrail } from '../audit/audit-trail';
import { recordJobOutcomes } from '../audit/job-outcome-audit';
import { DIRECTLINE_SERVICE_URL } from '../channels/directline/client-activity';
import type { BotHealth } from '../channels/health-handler';
import { ProactiveMessenger } from '../channels/proactive-sender';
import type { Config } from '../config';
import { credentialValues } from '../config/credential-values';
import type { BotWiring, TurnOrigin } from '../conversation/bot-wiring';
import { createIntegrations, type Integrations } from '../integrations/create-integrations';
import type { IntegrationConfig } from '../integrations/integration-config';
import { JOB_KINDS } from '../jobs/job-kinds';
import { recoveredActionJob } from '../jobs/recovered-action-job';
import { ticketJob } from '../jobs/ticket-job';
import type { JobKindRegistry } from '../jobs/job-kind-registry';
import type { Logger } from '../logger';
import { Outbox, type OutboxOptions } from '../outbox/outbox';
import { alertRefWitnesses } from '../store/alert-ref-witnesses';
import { applyOperatorRequest } from '../outbox/operator-change';
import { watchOperatorRequests } from '../outbox/operator-requests';
import { countSideEffects } from '../outbox/side-effect-counts';
import { AlertRegister } from '../store/alert-register';
import { LowdbStorage } from '../store/lowdb-storage';
import { openDataStore, type DataStore } from '../store/data-store';
import type { ConversationDirectoryStore } from '../store/conversation-directory';
import { dataDirUser, lockDataDir } from '../store/data-dir-lock';
import { CONSOLE_STATE_NAME, STATE_JOURNAL_FILE_NAME } from '../store/lowdb-storage';
import type { ProcessLock } from '../store/process-lock';
import { loadSkillRegistry } from '../skills/skill-registry';
import {
  ACTION_INTENTS_FILE_NAME,
  ActionIntentLog,
  CONSOLE_ACTION_INTENTS_FILE_NAME,
} from '../store/action-intents';
import { createActionServices, type ActionServicesDeps } from './action-services';
import { addressRangeOf } from '../nlu/entities/address-range';
import { createAlertEnricher } from './alert-enrichment';
import { createMailEnricher } from './mail-enrichment';
import { createMailCorrections } from './mail-corrections';
import type { AuditActor } from '../audit/audit-entry';
import type { Actor } from '../access/actor';
import type { MailCorrectionServices } from '../skills/types';
import { createIndicatorLookups, type IndicatorLookupDeps } from './indicator-lookups';
import { indicatorReportText } from '../integrations/enrichment/indicator-report-text';
import { createEnrichmentService } from '../integrations/enrichment/enrichment-service';
import { createIncidentServices, type IncidentServicesDeps } from './incident-services';
import { INCIDENT_ROOMS_FILE_NAME, IncidentRoomRegistry } from '../store/incident-rooms';
import { ApprovalRequestLog } from '../store/approval-requests';
import { createApprovals, type Approvals } from './approvals';
import { queueAudited } from './audited-queue';
import { createTicketFollow, type TicketFollowOutcome } from './ticket-follow';
import { createBasisAcknowledgement, type BasisAcknowledgement } from './basis-acknowledgement';
import { createEscalation, type Escalation } from './escalation';
import { EscalationAckLog } from '../store/escalation-acks';
import { checkDataFiles } from './data-dir-check';
import { OutcomeReports } from './outcome-reports';
import { createRoomNotices } from './room-notices';
import { reportOutcomesToRooms } from './room-outcomes';
import { roomToldLifecycle } from './room-told-lifecycle';
import { replayIntentList, replayIntents, type ReplayIntentsDeps } from './replay-intents';
import type { DataRepair } from './data-repair';
import { registerRepairReport } from './register-repair-report';
import { createNextStepAdvisor } from './next-steps/next-step-advisor';
import { NextStepLog } from '../store/next-step-log';
import { openStoreBackend, type StoreBackend } from '../store/store-backend';
import { PgStateStorage } from '../store/postgres/pg-state-storage';
import { PgActionIntentLog } from '../store/postgres/pg-action-intents';
import { PgTurnLock } from '../store/postgres/pg-turn-lock';
import type { ActionIntentStore } from '../store/action-intent-store';
import type { SharedTurnLock } from '../store/turn-lock';
import { startIntentSweep, sweepCutOffIntents, type IntentSweepDeps } from './intent-sweep';
import { pgSourceQuotas } from '../store/postgres/pg-source-quota';
import { documentsOf, logsOf, mailIntakeSharing } from '../store/backend-documents';
import { migrate } from '../db/migrations';
import { createTriageWiring, type TriageWiring } from './triage-wiring';
import { createTriageOnDemand, type TriageOnDemandDeps } from './triage-on-demand';
import { triageFollowsClose } from './triage-follows-close';
import { startMailIntake, type MailIntake, type MailIntakeOptions } from '../mail/intake/mail-intake';
import { parseMailboxUrl } from '../mail/intake/mailbox-url';
import { parseMail } from '../mail/parse/parse-mail';
import type { MailboxStatus } from '../mail/intake/mailbox-status';
import type { MailHandler, MailParser } from '../mail/intake/mail-pass';
import type { MailClassifier } from '../mail/classification/mail-classification';
import { createMailHandler } from './mail-intake-wiring';
import { createSocbotMetrics, type SocbotMetrics } from '../metrics/socbot-metrics';
import { watchStoreHealth } from '../store/store-health';

/** How the audit trail names what socbot does on its own (a reply queued again). */
const SOCBOT = { id: 'system', name: 'socbot' };

/** How often pending approvals are checked for their expiry (the requester is told within this). */
const APPROVAL_SWEEP_MS = 30_000;

/** What {@link createApp} needs. */
export interface CreateAppOptions {
  /** The whole configuration, loaded once by the CLI: roles, integrations and timing are sections of it. */
  config: Config;
  logger: Logger;
  /** Where the stores keep their data; default: from the configuration (openStoreBackend). */
  backend?: StoreBackend;
  /** Test settings of the outbox (fast retries); production uses `config.sideEffects`. */
  outbox?: Partial<Omit<OutboxOptions, 'dataDir' | 'logger'>>;
  /** Overrides SOCBOT_ACK_WAIT_MS (tests use a few hundred ms). */
  ackWindowMs?: number;
  /** Overrides which turns are the local user's (tests with botbuilder's TestAdapter). */
  isLocalTurn?: (origin: TurnOrigin) => boolean;
  /**
   * True for `socbot chat`: only the local user talks to it, so open local mode (no roles
   * configured) is the expected state there and is not logged as a warning; its conversation
   * state and its intent journal go to files of its own (CONSOLE_STATE_NAME,
   * CONSOLE_ACTION_INTENTS_FILE_NAME).
   */
  consoleOnly?: boolean;
  /**
   * What the shared mailbox's mails go to (issue 17): the handler (the routing's), the parser
   * (default src/mail/parse/'s parseMail); `intake` holds test timing. Read only by `serve` when MAIL_IMAP_URL is set.
   */
  mail?: MailWiring;
}

/**
 * The mail intake's injected parts: the mail classifier (`serve` readies it, training the mail model
 * when it is missing or stale), whose mails go to the routing (src/app/mail-intake-wiring.ts), or a
 * handler of one's own instead (tests of the intake alone).
 */
export interface MailWiring {
  /** Raw mail → ParsedMail; default `parseMail` (src/mail/parse/). */
  parse?: MailParser;
  handle: MailHandler | { readonly classifier: MailClassifier };
  intake?: Pick<MailIntakeOptions, 'reconnect' | 'maxAttempts' | 'pollMs' | 'client'>;
}

/** socbot assembled: everything the bot and the routes use, and its lifecycle. */
export interface SocbotApp extends BotWiring {
  config: Config;
  logger: Logger;
  /** Files under the data directory, or the shared PostgreSQL database (SOCBOT_DATABASE_URL). */
  backend: StoreBackend;
  store: DataStore;
  /** `audit.jsonl`, or the database's trail (SOCBOT_DATABASE_URL): one chain for every replica. */
  audit: AuditTrail;
  integrations: Integrations;
  outbox: Outbox;
  /** The kinds of side effect the outbox runs (src/jobs/). */
  jobs: JobKindRegistry;
  /** This app's metrics on a registry of its own (GET /metrics, src/metrics/). */
  metrics: SocbotMetrics;
  directory: ConversationDirectoryStore;
  /** The turn lock replicas share (PostgreSQL); undefined for the embedded files and `socbot chat`. */
  turnLock: SharedTurnLock | undefined;
  /** True when a SIEM alert's IP is looked up at the threat-intelligence sources (some configured, a public address). */
  enrichesAlertIp(ip: string): boolean;
  /** Whether any threat-intelligence source is configured (a mail's indicators are looked up: `enrich.mail`). */
  readonly enrichesIndicators: boolean;
  /**
   * Queues a note on an alert's ticket (`ticket.update`, change `note`, keyed by ref + requestId),
   * or says why none is queued (no ticketing, no ticket): the mail routing's device and correction notes.
   */
  ticketNote(ref: string, text: string, requestId: string, actor: AuditActor): Promise<TicketFollowOutcome>;
  /** Corrections of a mail's category, bound to the analyst of a turn (src/app/mail-corrections.ts). */
  mailCorrections(origin: { actor: Actor; conversationId: string }): MailCorrectionServices;
  /** The incident rooms (`incident-rooms.json`): roomOf(ref) is where an incident's results go too. */
  rooms: IncidentRoomRegistry;
  /** Proactive messages (Teams and in-process channels attach here). */
  sender: ProactiveMessenger;
  basisAcknowledgement: BasisAcknowledgement;
  /** P1/P2 escalation to the leads and executives: start, acknowledge, the timer (docs/escalation.md). */
  escalation: Escalation;
  /** The alerts' lifecycle (lead, notes, contain, close, reopen), role-checked and audited. */
  alertLifecycle: AlertLifecycle;
  /** The two-person rule for blocks: requests, decisions, expiry (src/app/approvals.ts). */
  approvals: Approvals;
  /** AI triage of alerts (src/app/triage-wiring.ts): off unless LLM_BASE_URL is set. */
  triage: TriageWiring;
  /** The approval requests (`approvals.json`). */
  approvalRequests: ApprovalRequestLog;
  /** One line per integration that is not configured, for the start-up log and honest answers. */
  notConfigured: string[];
  /** What start-up set aside (cut-off last lines after a crash), for /healthz; empty when nothing was damaged. */
  readonly repairs: readonly DataRepair[];
  /** Side effects by state and the start-up repairs, for /healthz; throws STORAGE_CORRUPT when outbox.json cannot be read. */
  health(): Promise<BotHealth>;
  /** The shared mailbox's intake (src/mail/intake/); undefined while MAIL_IMAP_URL is empty, for `socbot chat`, and before start(). */
  readonly mailIntake: MailIntake | undefined;
  /**
   * Takes the data directory (`socbot.lock`; DATA_DIR_IN_USE while another socbot writes it), opens
   * the alert register (repairing what a crash left, see AlertRegister.open), then starts the outbox
   * worker (jobs left by a stopped process run again), then replays the intent journal. Idempotent.
   * A start that fails at any step closes what it opened and frees the data directory.
   */
  start(): Promise<void>;
  /**
   * Waits for a start under way, then stops the outbox (running attempts finish or go back to
   * pending), flushes and closes every file, frees the data directory. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * The composition root: from the configuration it opens the data store, the audit
 * trail, the access policy, the integrations (with Teams delivery through the conversation
 * directory and the proactive sender) and the outbox with one handler per configured provider;
 * every settled job is audited and reported to the analyst. `serve` and `chat` both build socbot
 * with it.
 *
 * On the embedded defaults (TICKETING=none, BLOCK=none, no BASIS_NOTIFY) nothing is sent anywhere
 * and the skills say so.
 *
 * @example
 *   const app = createApp({ config: loadConfig(process.env), logger });
 *   await app.start();
 *   const bot = await createBot({ wiring: app, recognizer, logger });
 *   // … on SIGTERM, after the server drained:
 *   await app.stop();
 */
export function createApp(options: CreateAppOptions): SocbotApp {
  const { config, logger } = options;
  const settings = config.sideEffects;
  const accessConfig = config.access;
  const access = createAuthorizer(accessConfig, options.consoleOnly ? undefined : logger);
  const integrationConfig = config.integrations;
  const metrics = createSocbotMetrics();
  const backend = options.backend ?? openStoreBackend(config, { onQuery: metrics.store.onQuery });
  const storeHealth = watchStoreHealth(backend, logger);
  const store = openDataStore(config.dataDir, undefined, {
    ...(options.consoleOnly
      ? { stateName: CONSOLE_STATE_NAME }
      : backend.kind === 'postgres'
        ? { storage: new PgStateStorage(backend.db) }
        : {}),
    documents: documentsOf(backend),
    logs: logsOf(backend),
    backend,
  });
  const audit = auditTrailOf(backend, { secrets: credentialValues(config) });
  const directory = conversationDirectoryOf(backend);
  const rooms = new IncidentRoomRegistry(documentsOf(backend));
  const sender = new ProactiveMessenger(directory, config.botAuth);
  const integrations = createIntegrations(integrationConfig, {
    logger,
    teams: { delivery: sender, conversations: directory },
  });
  const outbox = new Outbox({
    dataDir: config.dataDir,
    store: outboxStoreOf(backend),
    logger,
    jobTimeoutMs: settings.jobTimeoutMs,
    ...options.outbox,
    retryPolicy: { maxAttempts: settings.maxAttempts, ...options.outbox?.retryPolicy },
  });
  const stopMetrics = metrics.watchOutbox(outbox, JOB_KINDS.types, logger);
  const escalationAcks = new EscalationAckLog(documentsOf(backend));
  const escalation = createEscalation({
    outbox,
    jobs: JOB_KINDS,
    integrations,
    alerts: store.alerts,
    acks: escalationAcks,
    audit,
    settings: config.escalation,
  });
  // The alert's ticket follows its close and reopen, and takes the enrichment verdict as a note.
  const ticketFollow = createTicketFollow({
    ticketing: integrations.ticketing?.name,
    outbox,
    jobs: JOB_KINDS,
    audit,
  });
  // No source configured: no service, every card says which variable to set and nothing is sent.
  const enrichment =
    Object.keys(integrationConfig.enrichment.sources).length > 0
      ? createEnrichmentService(integrationConfig.enrichment, {
          logger,
          // A provider's quota is per API key: replicas share one (PostgreSQL), else a bucket here.
          ...(backend.kind === 'postgres' ? { quotas: pgSourceQuotas(backend.db) } : {}),
        })
      : undefined;
  // A SIEM alert's IP goes to the sources (SIEM enrichment, the triage's data) only when it is public.
  const enrichesAlertIp = (ip: string): boolean =>
    enrichment !== undefined && isIP(ip) !== 0 && addressRangeOf(ip) === undefined;
  const triage = createTriageWiring({
    config: integrationConfig.triage,
    logger,
    alerts: store.alerts,
    store: store.triage,
    socConversations: () => directory.list('soc'),
    roomOf: (ref) => rooms.roomOf(ref),
    // What the threat-intelligence sources say about the alert's IP (cached: usually the SIEM
    // enrichment's own look-up), as plain text in the model's data block.
    enrichmentOf: async (ref) => {
      const alert = await store.alerts.view(ref);
      if (!enrichment || !alert?.ip || !enrichesAlertIp(alert.ip)) return undefined;
      const report = await enrichment.lookup(
        { kind: 'ip', value: alert.ip },
        { signal: AbortSignal.timeout(15_000) },
      );
      return indicatorReportText(report, { answerFollows: false, plain: true });
    },
    ticketNote: async (ref, text, requestId) => {
      await ticketFollow.note(ref, text, requestId, { actor: { id: 'system', name: 'socbot triage' } });
    },
  });
  const jobTypes = JOB_KINDS.install(outbox, {
    integrations,
    ...(enrichment
      ? {
          enrichment,
          alertEnricher: createAlertEnricher({
            enrichment,
            alerts: store.alerts,
            ticketNote: (ref, text, requestId) => ticketFollow.note(ref, text, requestId),
            logger,
          }),
          mailEnricher: createMailEnricher({
            enrichment,
            ticketNote: (ref, text, requestId) => ticketFollow.note(ref, text, requestId),
          }),
        }
      : {}),
    delivery: sender,
    conversations: directory,
    rooms: { threads: sender, rooms },
    escalation,
    ...(triage.jobDeps ? { triage: triage.jobDeps } : {}),
  });
  const stopAuditingOutcomes = recordJobOutcomes(outbox, audit, (error, job) =>
    logger.error({ err: error, jobId: job.id }, 'could not audit the outcome of a side effect'),
  );
  const witnesses = alertRefWitnesses({
    outbox,
    ticketJobType: ticketJob.type,
    audit,
    basisRequests: store.basisRequests,
  });
  // On PostgreSQL each outcome is claimed in the outbox's row, so it is told once whichever replica settles it.
  const reports = new OutcomeReports(outbox, sender, (job) => JOB_KINDS.wordingOf(job), logger);
  // Results and changes for an incident also go to its room (issue 13 §2).
  const roomNotices = createRoomNotices({ rooms, delivery: sender, logger });
  const roomOutcomes = reportOutcomesToRooms(outbox, roomNotices, (job) => JOB_KINDS.wordingOf(job));
  const basisAcknowledgement = createBasisAcknowledgement({
    requests: store.basisRequests,
    directory,
    delivery: sender,
    audit,
    logger,
    rooms: roomNotices,
  });
  const ackWindowMs = options.ackWindowMs ?? settings.ackWindowMs;
  const approvalRequests = new ApprovalRequestLog(documentsOf(backend));
  const approvals = createApprovals({
    requests: approvalRequests,
    policy: accessConfig.approvals,
    blocking: integrations.blocking.map((provider) => provider.name),
    outbox,
    jobs: JOB_KINDS,
    audit,
    authorize: access.authorize,
    rolesOf: access.rolesOf,
    identitiesOf: access.leads.identitiesOf,
    // The approval card goes to the incident's room too: its Teams thread and its shared page,
    // like the room's results and lifecycle changes (roomOf lists both).
    incidentRoom: (alertRef) => rooms.roomOf(alertRef),
    logger,
  });
  const actionDeps: ActionServicesDeps = {
    outbox,
    jobs: JOB_KINDS,
    integrations,
    authorize: access.authorize,
    rolesOf: access.rolesOf,
    audit,
    reports,
    ackWindowMs,
    approvals,
    escalation,
    escalationSettings: config.escalation,
  };
  const incidentDeps: IncidentServicesDeps = {
    ...actionDeps,
    rooms,
    alerts: store.alerts,
    socChannels: async () => [...(await directory.list('soc')), ...(await directory.list('leads'))],
  };
  const indicatorDeps: IndicatorLookupDeps = {
    ...actionDeps,
    enrichment,
    rooms,
    addressRange: addressRangeOf,
  };
  const triageOnDemandDeps: TriageOnDemandDeps = {
    ...actionDeps,
    enabled: triage.jobDeps !== undefined,
    alerts: store.alerts,
    store: store.triage,
  };
  const intents: ActionIntentStore = options.consoleOnly
    ? new ActionIntentLog(config.dataDir, CONSOLE_ACTION_INTENTS_FILE_NAME)
    : backend.kind === 'postgres'
      ? new PgActionIntentLog(backend.db)
      : new ActionIntentLog(config.dataDir, ACTION_INTENTS_FILE_NAME);
  // Replicas on one database run a conversation's turns one at a time (behind the server's queue).
  const turnLock =
    backend.kind === 'postgres' && config.database && !options.consoleOnly
      ? new PgTurnLock(config.database, {
          applicationName: `socbot ${backend.replicaId} turn locks`,
          // Every turn asks whether its conversation is an incident room (bot-edge's bindToRoom).
          documentsReadAtTurnStart: [INCIDENT_ROOMS_FILE_NAME],
          logger,
        })
      : undefined;
  const isLocalTurn = options.isLocalTurn ?? localTurnPolicy(config);
  const notConfigured = describeMissing(integrationConfig);

  // The shared mailbox is read by `serve` only; a bad MAIL_IMAP_URL stops the start here (CONFIG_INVALID).
  const mailbox = options.consoleOnly ? undefined : config.mail.mailbox;
  const mailboxAddress = mailbox ? parseMailboxUrl(mailbox.url) : undefined;
  let mailIntake: MailIntake | undefined;

  const repairs: DataRepair[] = [];
  const stateJournalFile = path.join(
    config.dataDir,
    options.consoleOnly ? `${CONSOLE_STATE_NAME}.journal.jsonl` : STATE_JOURNAL_FILE_NAME,
  );
  let dataDirLock: ProcessLock | undefined;
  let stopWatchingRequests: (() => Promise<void>) | undefined;
  let approvalSweep: NodeJS.Timeout | undefined;
  let stopIntentSweep: (() => Promise<void>) | undefined;
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  let released: Promise<void> | undefined;
  const startedAt = new Date().toISOString();
  const app: SocbotApp = {
    config,
    logger,
    backend,
    store,
    audit,
    integrations,
    outbox,
    jobs: JOB_KINDS,
    metrics,
    turnObserver: metrics.turnObserver,
    directory,
    turnLock,
    sender,
    basisAcknowledgement,
    escalation,
    alertLifecycle: triageFollowsClose(
      roomToldLifecycle(
        createAlertLifecycle({
          alerts: store.alerts,
          audit,
          authorize: access.authorize,
          rolesOf: access.rolesOf,
          leads: access.leads,
          followTicket: ticketFollow,
        }),
        roomNotices,
        (ref) => store.alerts.view(ref),
      ),
      store.triage,
      logger,
    ),
    approvals,
    approvalRequests,
    triage,
    triageFeedback: store.triage,
    notConfigured,
    repairs,
    jobRetries: {
      async find(jobId) {
        const job = await outbox.get(jobId);
        if (!job) return undefined;
        return {
          jobId,
          task: JOB_KINDS.wordingOf(job).task,
          permission: JOB_KINDS.permissionOf(job),
          ...(job.origin.alertRef ? { alertRef: job.origin.alertRef } : {}),
        };
      },
      retry: ({ jobId, by, conversationId }) =>
        applyOperatorRequest(outbox, audit, { operation: 'retry', jobId, by, via: 'chat', conversationId }),
    },
    get mailIntake() {
      return mailIntake;
    },
    health: async () => {
      const mailboxStatus = mailboxHealth();
      const store = await storeHealth();
      // While the shared database does not answer, the outbox in it cannot be counted: the store's
      // state says so (degraded) instead of a 503 that would take every replica out at once.
      const storeDown = store.kind === 'postgres' && !store.ok;
      // Settled jobs are kept for a while; the counts need only these states.
      const sideEffects = storeDown
        ? undefined
        : countSideEffects(await outbox.list(['pending', 'running', 'given_up', 'failed']));
      return {
        ...(sideEffects ? { sideEffects } : {}),
        repairs: [...repairs],
        ...(mailboxStatus ? { mailbox: mailboxStatus } : {}),
        store,
      };
    },
    authorize: access.authorize,
    rolesOf: access.rolesOf,
    isLocalTurn,
    rolesByEmail: [...accessConfig.assignments.keys()].some((identity) => identity.includes('@')),
    tenantId: config.botAuth.tenantId,
    intents,
    async tellLater(message) {
      await queueAudited(actionDeps, recoveredActionJob, message, {}, { actor: SOCBOT });
    },
    actionServices: (origin) => createActionServices(actionDeps, origin),
    incidentServices: (origin) => createIncidentServices(incidentDeps, origin),
    indicatorLookups: (origin) => createIndicatorLookups(indicatorDeps, origin),
    triageOnDemand: (origin) => createTriageOnDemand(triageOnDemandDeps, origin),
    enrichesAlertIp,
    enrichesIndicators: enrichment !== undefined,
    ticketNote: (ref, text, requestId, actor) => ticketFollow.note(ref, text, requestId, { actor }),
    mailCorrections: (origin) => createMailCorrections(app, origin),
    rooms,
    nextSteps: createNextStepAdvisor({
      alerts: store.alerts,
      audit,
      vipUsers: config.escalation.vipUsers,
      log: new NextStepLog(logsOf(backend)),
    }),
    deliversByTeams: (audience) =>
      audience === 'basis'
        ? integrationConfig.basis.teams
        : audience === 'leads'
          ? integrationConfig.leads.teams
          : true,
    start() {
      started ??= (async () => {
        // The shared schema first, one replica at a time (a no-op when it is current).
        if (backend.kind === 'postgres' && config.database) await migrate(config.database);
        // Before anything is written: one process writes the data directory. Replicas on PostgreSQL
        // write nothing there (several may share one), except `socbot chat`, whose state stays in files.
        if (backend.kind === 'files' || options.consoleOnly)
          dataDirLock = await lockDataDir(config.dataDir, dataDirUser(config, options.consoleOnly === true));
        try {
          await startOn();
        } catch (error) {
          // A start that failed (an unreadable data file, register or intent journal) closes what it
          // opened and leaves the directory to the next one; the error says how to repair it.
          await release().catch((releaseError: unknown) =>
            logger.error({ err: releaseError }, 'could not release the data directory after a failed start'),
          );
          throw error;
        }
      })();
      return started;
    },
    stop() {
      stopped ??= (async () => {
        // A start under way first ends (started or failed): else it would take the directory after the stop.
        await started?.catch(() => undefined);
        await release();
      })();
      return stopped;
    },
  };

  /** Everything start() does once the data directory is this process's. */
  async function startOn(): Promise<void> {
    // Every data file read once: damage stops the start here, not every turn later.
    repairs.push(
      ...(await checkDataFiles(
        {
          dataDir: config.dataDir,
          audit,
          // The file's own repairs, when the trail is the file (not the database's).
          ...(audit instanceof AuditLog ? { auditFile: audit } : {}),
          ...(store.storage instanceof LowdbStorage ? { stateJournalFile } : {}),
          outboxFile: backend.kind === 'files',
          storage: store.storage,
          directory,
          rooms,
        },
        new Date(),
      )),
    );
    // The register next: its repair reads the outbox's jobs (rebuilt above if outbox.json was
    // lost) before any of them runs. Only alerts.jsonl needs one: PostgreSQL leaves nothing torn.
    const repair =
      store.alerts instanceof AlertRegister
        ? registerRepairReport(store.alerts.file, await store.alerts.open(witnesses), new Date())
        : undefined;
    if (repair) {
      repairs.push(repair);
      await auditRepair(audit, repair);
    }
    // The instruction files are checked before any triage job can run: a broken one stops the start.
    await triage.start();
    const { recovered } = await outbox.start();
    if (repairs.length > 0)
      logger.warn({ repairs }, 'data files repaired at start-up (see /healthz repairs)');
    // `socbot outbox retry|drop` next to this process leaves requests; this process applies and audits
    // them. On PostgreSQL the CLI changes the shared table itself.
    if (backend.kind === 'files')
      stopWatchingRequests = watchOperatorRequests(
        config.dataDir,
        (request) => applyOperatorRequest(outbox, audit, request),
        Math.min(options.outbox?.pollIntervalMs ?? 1000, 1000),
        logger,
      );
    logger.info({ jobTypes, recovered, ackWindowMs, notConfigured }, 'side effects: outbox started');
    // Requests that expired while socbot was down are closed (and their requesters told) first; an
    // unreadable approvals.json stops the start here with how to repair it.
    await approvals.expireDue();
    approvalSweep = setInterval(() => {
      approvals.expireDue().catch((error: unknown) => {
        logger.error({ err: error }, 'could not check approval requests for their expiry');
      });
    }, APPROVAL_SWEEP_MS);
    approvalSweep.unref();
    if (mailbox && options.mail) {
      // In the background: a mailbox that is down is retried and shown in /healthz, never a failed start.
      mailIntake = startMailIntake({
        settings: mailbox,
        dataDir: config.dataDir,
        ...mailIntakeSharing(backend),
        logger,
        parse: options.mail.parse ?? parseMail,
        handle:
          typeof options.mail.handle === 'function'
            ? options.mail.handle
            : createMailHandler(app, options.mail.handle.classifier),
        ...options.mail.intake,
      });
    } else if (mailboxAddress) {
      logger.warn({ mailbox: mailboxAddress.name }, NO_MAIL_HANDLER);
    }
    // Before the first turn: confirmed actions a crash cut off are finished (same request ids,
    // so nothing twice) and their analysts told.
    const replayDeps: ReplayIntentsDeps = {
      intents,
      loadSkills: () => loadSkillRegistry(),
      alerts: store.alerts,
      basisRequests: store.basisRequests,
      lifecycle: app.alertLifecycle,
      actionServices: (origin) => createActionServices(actionDeps, origin),
      incidentServices: (origin) => createIncidentServices(incidentDeps, origin),
      indicatorLookups: (origin) => createIndicatorLookups(indicatorDeps, origin),
      triageOnDemand: (origin) => createTriageOnDemand(triageOnDemandDeps, origin),
      mailCorrections: (origin) => createMailCorrections(app, origin),
      rolesOf: access.rolesOf,
      state: store.storage,
      audit,
      outbox,
      jobs: JOB_KINDS,
      logger,
    };
    if (!turnLock) {
      await replayIntents(replayDeps);
      return;
    }
    // Replicas share the journal: what a stopped replica left begun is replayed by whichever replica
    // sweeps first, under its conversation's turn lock (never under a live turn), now and every 10 s.
    await intents.compact();
    const sweepDeps: IntentSweepDeps = {
      intents,
      lock: turnLock,
      replay: async (intent) => (await replayIntentList([intent], replayDeps)) === 1,
      logger,
    };
    await sweepCutOffIntents(sweepDeps);
    stopIntentSweep = startIntentSweep(sweepDeps);
  }

  /**
   * The one cleanup, for stop() and for a start that failed at any step: stops the outbox and the
   * watcher, flushes and closes every file (the state lock with the store), frees the directory. Once.
   */
  function release(): Promise<void> {
    released ??= (async () => {
      // First: a mail at hand is finished and recorded while the data directory is still ours.
      await mailIntake?.stop();
      await stopWatchingRequests?.();
      stopWatchingRequests = undefined;
      clearInterval(approvalSweep);
      approvalSweep = undefined;
      await stopIntentSweep?.();
      stopIntentSweep = undefined;
      // The same grace as turns get: a stop never waits longer for a provider than for an analyst.
      await outbox.stop({ graceMs: config.shutdownGraceMs });
      // After the outbox: an attempt that finishes during the stop is still told to the analyst.
      await reports.close();
      await roomOutcomes.close();
      stopAuditingOutcomes();
      stopMetrics();
      try {
        await Promise.all([
          audit.close(),
          store.close(),
          directory.flush(),
          rooms.flush(),
          intents.close(),
          approvalRequests.flush(),
          escalationAcks.flush(),
        ]);
      } finally {
        await dataDirLock?.release();
        dataDirLock = undefined;
        await turnLock?.close();
        if (backend.kind === 'postgres') await backend.db.close();
      }
    })();
    return released;
  }

  /** The mailbox for /healthz: the intake's status, or why there is none although MAIL_IMAP_URL is set. */
  function mailboxHealth(): MailboxStatus | undefined {
    if (mailIntake) return mailIntake.status();
    if (!mailboxAddress || !started) return undefined;
    return {
      mailbox: mailboxAddress.name,
      state: 'down',
      lastError: NO_MAIL_HANDLER,
      since: startedAt,
      processed: 0,
      failed: 0,
    };
  }

  return app;
}

/** Said when MAIL_IMAP_URL is set and this build wires no handler for mails (issue 17's routing). */
const NO_MAIL_HANDLER =
  'mail intake: MAIL_IMAP_URL is set but this socbot build has no mail handler wired (createApp options.mail); the mailbox is not read';

/**
 * The local user is the person at the machine: the `socbot chat` console, and Web Chat through the
 * built-in Direct Line when it answers loopback clients only (no WEBCHAT_SECRET, no
 * WEBCHAT_ALLOW_REMOTE) and Bot Framework authentication is off. Decided by the adapter that runs
 * the turn (the channel edge's TurnOrigin), never by what the activity says: anyone can post
 * `channelId: 'console'` to /api/messages.
 */
function localTurnPolicy(config: Config): (origin: TurnOrigin) => boolean {
  const loopbackWebChat =
    config.webChat.secret === '' && !config.webChat.allowRemote && config.botAuth.appId === '';
  return (origin) =>
    origin.transport === 'console' ||
    (loopbackWebChat && origin.transport === 'directline' && origin.serviceUrl === DIRECTLINE_SERVICE_URL);
}

/** A start-up repair in the audit trail, as checkDataFiles audits its own. */
async function auditRepair(
  audit: Pick<AuditTrail, 'append'>,
  { what, at: _at, ...details }: DataRepair,
): Promise<void> {
  await audit.append({
    actor: { id: 'system', name: 'socbot start-up' },
    action: 'repair',
    summary: what,
    details,
  });
}

/** What is not configured, in words, for the start-up log. */
function describeMissing(config: IntegrationConfig): string[] {
  const missing: string[] = [];
  if (config.ticketing.provider === 'none') missing.push('TICKETING=none: alerts stay in the local register');
  if (config.blocking.length === 0) missing.push('BLOCK=none: nothing is blocked');
  const basis = config.basis;
  if (!basis.teams && !basis.webhook && !basis.email)
    missing.push('BASIS_NOTIFY is empty: Basis is not notified');
  return missing;
}
