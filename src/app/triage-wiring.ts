import { describeTriage, type TriageConfig } from '../integrations/triage/triage-config';
import { loadTriageInstructions } from '../integrations/triage/triage-instructions';
import type { TriageInput } from '../integrations/triage/triage-prompt';
import { createTriageService, type TriageService } from '../integrations/triage/triage-service';
import type { TriageJobDeps } from '../jobs/triage-job';
import type { Logger } from '../logger';
import type { AlertView } from '../store/alert-register';
import type { TriageLog } from '../store/triage-log';

/** What the AI triage is wired from. */
export interface TriageWiringOptions {
  config: TriageConfig;
  logger: Logger;
  alerts: { view(ref: string): Promise<AlertView | undefined> };
  store: TriageLog;
  /** The conversations registered for SOC alerts. */
  socConversations(): Promise<readonly string[]>;
  /** The incident room's conversations, when it has a room. */
  roomOf(ref: string): Promise<string[] | undefined>;
  /** The instruction folder (default `triage/instructions/`). */
  instructionsDir?: string;
  /** Enrichment results for the prompt (issue 14), when wired. */
  enrichmentOf?(ref: string): Promise<unknown>;
  /** The ticket note (a ticketing 'note' update), when wired; see TriageJobDeps.ticketNote. */
  ticketNote?: TriageJobDeps['ticketNote'];
}

/** The AI triage as the app holds it. */
export interface TriageWiring {
  /** The `triage.alert` job's deps; undefined when triage is off (the job kind then has no handler). */
  jobDeps: TriageJobDeps | undefined;
  /** The priorities triaged on arrival (empty when off). */
  priorities: readonly string[];
  /** "AI triage off (…)" / "AI triage on: model … at …", for the start-up log and /healthz. */
  describe: string;
  /** Reads and checks the instruction files (CONFIG_INVALID naming the file) and logs describe. */
  start(): Promise<void>;
}

/**
 * The AI triage of the app: the service (built at start, once the instruction files are read and
 * checked) behind the job's deps, the alert's facts from the register (its SIEM source as log type,
 * its notes), and where the card goes (SOC conversations and the incident room, each once).
 *
 * @example
 *   const triage = createTriageWiring({ config: config.integrations.triage, logger, alerts, store: store.triage,
 *     socConversations: () => directory.list('soc'), roomOf: (ref) => rooms.roomOf(ref) });
 *   JOB_KINDS.install(outbox, { …, triage: triage.jobDeps });
 *   await triage.start(); // before the outbox starts
 */
export function createTriageWiring(options: TriageWiringOptions): TriageWiring {
  const { config, logger } = options;
  const describe = describeTriage(config);
  let service: TriageService | undefined;
  const jobDeps: TriageJobDeps | undefined = config.enabled
    ? {
        service: {
          triage(alert, signal) {
            // The outbox starts after start(): a job never runs before the service exists.
            if (!service) throw new Error('AI triage was used before socbot started; this is a bug.');
            return service.triage(alert, signal);
          },
        },
        alertOf: async (ref) => {
          const view = await options.alerts.view(ref);
          if (!view) return undefined;
          const enrichment = await options.enrichmentOf?.(ref);
          return { ...triageInputOf(view), ...(enrichment !== undefined ? { enrichment } : {}) };
        },
        store: options.store,
        conversationsFor: async (ref) => [
          ...new Set([...(await options.socConversations()), ...((await options.roomOf(ref)) ?? [])]),
        ],
        ...(options.ticketNote ? { ticketNote: options.ticketNote } : {}),
      }
    : undefined;
  return {
    jobDeps,
    priorities: config.enabled ? config.priorities : [],
    describe,
    async start() {
      if (config.enabled && !service) {
        const instructions = await loadTriageInstructions(options.instructionsDir);
        service = createTriageService(config, { instructions, logger });
        logger.info({ instructionFiles: instructions.files() }, describe);
      } else if (!config.enabled) {
        logger.info(describe);
      }
    },
  };
}

/**
 * What the model is told about a registered alert. A SIEM alert (registered with no conversation)
 * names its source in `createdBy`: that is its log type; a chat-registered one has none.
 */
export function triageInputOf(view: AlertView): TriageInput {
  const fromSiem = view.conversationId === '';
  return {
    ref: view.ref,
    ...(fromSiem ? { source: view.createdBy } : {}),
    ...(view.title ? { title: view.title } : {}),
    ...(view.description ? { description: view.description } : {}),
    system: view.client ? `${view.system}/${view.client}` : view.system,
    priority: view.priority,
    ...(view.ip ? { ip: view.ip } : {}),
    ...(view.terminal ? { terminal: view.terminal } : {}),
    ...(view.username ? { username: view.username } : {}),
    ...(view.notes.length > 0
      ? // Who wrote a note is personal data the model does not need: the time and the text.
        { notes: view.notes.map((note) => `${note.at}: ${note.text}`) }
      : {}),
  };
}
