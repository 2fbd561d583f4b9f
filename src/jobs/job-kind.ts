import type { z } from 'zod';
import type { EnrichmentService } from '../integrations/enrichment/enrichment-service';
import type { AlertEnricher } from './alert-enrichment-job';
import type { MailEnricher } from './mail-enrichment-job';
import type { SideEffect } from '../access/side-effects';
import { SocbotError } from '../errors';
import type { Integrations } from '../integrations/create-integrations';
import type { ConversationDirectory, ProactiveDelivery } from '../integrations/notify/proactive-delivery';
import type { JobHandler } from '../outbox/job-handler';
import type { EnqueueRequest, JobOrigin, JsonValue, OutboxJob } from '../outbox/outbox-job';
import type { OutcomeWording } from '../outbox/outcome-message';
import type { RoomJobDeps } from './room-teams-job';
import type { EscalationStatus } from './escalation-notice-job';
import type { EscalationTimer } from './escalation-timer-job';
import type { TriageJobDeps } from './triage-job';

/** What the handlers of all job kinds may use; built once by the composition root. */
export interface JobDeps {
  integrations: Integrations;
  delivery: ProactiveDelivery;
  conversations: ConversationDirectory;
  /** Incident rooms (room-teams-job.ts); absent: the `room.teams` job has no handler and waits. */
  rooms?: RoomJobDeps;
  /**
   * The escalation timer's work and whether an escalation has ended (src/app/escalation.ts);
   * absent, `escalate.next` and `escalate.notice` jobs wait.
   */
  escalation?: EscalationTimer & EscalationStatus;
  /**
   * Indicator look-ups (src/integrations/enrichment/); absent when no source is configured, and
   * `enrich.*` jobs then wait.
   */
  enrichment?: EnrichmentService;
  /** Records a SIEM alert's enrichment on the alert and its ticket (src/app/alert-enrichment.ts); absent: `enrich.alert` waits. */
  alertEnricher?: AlertEnricher;
  /** Records a mail's look-ups on its ticket (src/app/mail-enrichment.ts); absent: `enrich.mail` waits. */
  mailEnricher?: MailEnricher;
  /** AI triage (triage-job.ts); absent when it is off (LLM_BASE_URL empty): `triage.alert` jobs wait. */
  triage?: TriageJobDeps;
}

/** What one attempt of a job gets besides its payload (the outbox's JobContext). */
export interface JobAttemptContext {
  idempotencyKey: string;
  signal: AbortSignal;
  attempt: number;
  /** What the last failed attempt had done (see OutboxJob.progress); unvalidated stored data. */
  progress: unknown;
  /** Stores what this attempt has done so far at once (see JobContext.saveProgress). */
  saveProgress(progress: unknown): Promise<void>;
}

/** One attempt of a job kind's side effect, with its payload already validated. */
export type JobAttempt<P, R> = (payload: P, context: JobAttemptContext) => Promise<R>;

/**
 * What the analyst is told about a job: the task as a verb phrase (used for "On it: I will …",
 * "Still trying to …", "I could not … : reason") and the success sentence from the result.
 */
export interface JobWording<R> {
  task: string;
  success(result: R): string;
}

/** The declaration of one kind of side effect; see {@link defineJobKind}. */
export interface JobKindDefinition<P, R> {
  /** The type stored in outbox.json. Never change it: jobs already on disk name it. */
  type: string;
  /** Validates the payload read back from outbox.json (the file may be old or damaged). */
  payload: z.ZodType<P>;
  /** Validates the stored result before it is put into words. */
  result: z.ZodType<R>;
  /** The idempotency key: what makes this side effect unique (alert, operation, target). */
  key(payload: P): string;
  /** What a person must be allowed to do to run this side effect again (the Retry button). */
  permission: SideEffect;
  /**
   * The permission for one payload, where it depends on it (a ticket update that only adds a note
   * needs `note_alert`, a close `close_alert`); without it, `permission` for every payload.
   */
  permissionFor?(payload: P): SideEffect;
  wording(payload: P): JobWording<R>;
  /** The attempt in this process, or undefined when its provider is not configured (the job waits). */
  handler(deps: JobDeps): JobAttempt<P, R> | undefined;
}

/**
 * A kind of job, typed by its payload `P` and result `R`. The registry and the outbox only see
 * the stored side (`type`, `handlerFor`, `wordingOf`); callers queue it through
 * `JobKindRegistry.queue`, which type-checks the payload against `P`.
 */
export interface JobKind<P, R> {
  readonly type: string;
  /** What a person must be allowed to do to run a given-up job of this kind again (its default). */
  readonly permission: SideEffect;
  /** The permission to retry this stored job: by its payload where the kind says so; a damaged payload gets `permission`. */
  permissionOf(job: Pick<OutboxJob, 'type' | 'payload'>): SideEffect;
  /** The outbox request for a payload of this kind (payload through JSON once), due at once or at `notBefore`. */
  request(payload: P, origin?: JobOrigin, notBefore?: Date): EnqueueRequest;
  /** The wording of a typed payload, before the job exists (the audit line of a queued call). */
  describe(payload: P): JobWording<R>;
  /** The outbox handler in this process: validates the stored payload, then runs the attempt. */
  handlerFor(deps: JobDeps): JobHandler | undefined;
  /** The wording of a stored job; a payload or result that does not validate gets plain words. */
  wordingOf(job: Pick<OutboxJob, 'type' | 'payload'>): OutcomeWording;
  /** Phantom: lets `queue(kind, payload)` infer `P` from the kind alone. */
  readonly payloadType?: P;
}

/**
 * Declares a kind of side effect in one place: payload type and schema, idempotency key, wording
 * and handler.
 *
 * @example
 *   export const pingJob = defineJobKind({
 *     type: 'ping.send',
 *     payload: z.object({ ref: z.string() }),
 *     result: z.object({ ok: z.boolean() }),
 *     key: (p) => idempotencyKeyOf(p.ref, 'ping.send'),
 *     permission: 'inform_basis',
 *     wording: (p) => ({ task: `ping about ${p.ref}`, success: () => `Pinged about ${p.ref}.` }),
 *     handler: (deps) => deps.integrations.ping && ((p, ctx) => deps.integrations.ping.send(p, ctx)),
 *   });
 */
export function defineJobKind<P, R>(definition: JobKindDefinition<P, R>): JobKind<P, R> {
  const { type, permission } = definition;
  return {
    type,
    permission,
    request: (payload, origin, notBefore) => ({
      type,
      idempotencyKey: definition.key(payload),
      payload: toJson(payload),
      ...(origin ? { origin } : {}),
      ...(notBefore ? { notBefore: notBefore.toISOString() } : {}),
    }),
    permissionOf(job) {
      if (!definition.permissionFor) return permission;
      const payload = definition.payload.safeParse(job.payload);
      return payload.success ? definition.permissionFor(payload.data) : permission;
    },
    describe: (payload) => definition.wording(payload),
    handlerFor(deps) {
      const attempt = definition.handler(deps);
      if (!attempt) return undefined;
      return async (stored, context) => {
        const payload = definition.payload.safeParse(stored);
        if (!payload.success) throw damagedPayload(type, payload.error);
        return toJson(await attempt(payload.data, context));
      };
    },
    wordingOf(job) {
      const payload = definition.payload.safeParse(job.payload);
      if (!payload.success) return { task: `run the ${type} job (its stored payload is damaged)` };
      const wording = definition.wording(payload.data);
      return {
        task: wording.task,
        success: (stored) => {
          const result = definition.result.safeParse(stored);
          return result.success ? wording.success(result.data) : `Done: ${wording.task}.`;
        },
      };
    },
  };
}

/** A payload that does not validate will not heal: the job fails at once and says why. */
function damagedPayload(type: string, error: z.ZodError): Error {
  const where = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
  return Object.assign(
    new SocbotError(
      'STORAGE_CORRUPT',
      `The stored ${type} job in outbox.json is damaged (${where}); it cannot be run. Ask for the action again in chat.`,
      { type },
    ),
    { retryable: false },
  );
}

/** Plain data through JSON once, so the outbox stores exactly what is read back. */
function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value) ?? 'null') as JsonValue;
}
