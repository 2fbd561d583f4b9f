import type { SideEffect } from '../access/side-effects';
import { SocbotError } from '../errors';
import type { Outbox } from '../outbox/outbox';
import type { JobOrigin, OutboxJob } from '../outbox/outbox-job';
import type { OutcomeWording } from '../outbox/outcome-message';
import type { JobDeps, JobKind } from './job-kind';

/** A job kind with its types erased, as the registry holds it. */
type AnyJobKind = Omit<JobKind<never, unknown>, 'request' | 'describe' | 'payloadType'>;

/**
 * Every kind of side effect socbot knows, by the type stored in outbox.json. It installs the
 * handlers that are configured in this process, queues typed payloads, and words any stored job.
 *
 * @example
 *   const jobs = new JobKindRegistry([ticketJob, socCardJob]);
 *   jobs.install(outbox, deps);                          // ['ticket.create', 'post.soc']
 *   await jobs.queue(outbox, ticketJob, facts, origin);  // payload type-checked as AlertFacts
 *   describeOutcome(job, jobs.wordingOf(job));           // 'Ticket INC0010001 created for SOC-2026-0001.'
 */
export class JobKindRegistry {
  private readonly kinds = new Map<string, AnyJobKind>();

  constructor(kinds: readonly AnyJobKind[]) {
    for (const kind of kinds) {
      if (this.kinds.has(kind.type)) {
        throw new SocbotError(
          'INTERNAL',
          `Two job kinds declare the stored type ${kind.type}; give the new one a type of its own.`,
          { type: kind.type },
        );
      }
      this.kinds.set(kind.type, kind);
    }
  }

  /** The stored types of every kind. */
  get types(): string[] {
    return [...this.kinds.keys()];
  }

  /**
   * Registers on the outbox the handler of every kind whose provider is configured here; jobs of
   * the other kinds stay pending (nothing lost). Returns the registered types.
   */
  install(outbox: Outbox, deps: JobDeps): string[] {
    const installed: string[] = [];
    for (const kind of this.kinds.values()) {
      const handler = kind.handlerFor(deps);
      if (!handler) continue;
      outbox.register(kind.type, handler);
      installed.push(kind.type);
    }
    return installed;
  }

  /**
   * Queues a side effect of a registered kind (or returns the job that already has its
   * idempotency key). The payload is checked against the kind's payload type at compile time.
   * `notBefore` makes it a persisted timer: not attempted before then, also across restarts.
   */
  async queue<P, R>(
    outbox: Outbox,
    kind: JobKind<P, R>,
    payload: NoInfer<P>,
    origin?: JobOrigin,
    notBefore?: Date,
  ): Promise<OutboxJob> {
    if (this.kinds.get(kind.type) !== kind) {
      throw new SocbotError(
        'INTERNAL',
        `The job kind ${kind.type} is not registered, so its jobs would never run; add it to src/jobs/job-kinds.ts.`,
        { type: kind.type },
      );
    }
    return outbox.enqueue(kind.request(payload, origin, notBefore));
  }

  /**
   * The permission a person needs to retry a stored job (the kind's, or its payload's where the kind
   * tells them apart); undefined for a type no kind declares.
   */
  permissionOf(job: Pick<OutboxJob, 'type' | 'payload'>): SideEffect | undefined {
    return this.kinds.get(job.type)?.permissionOf(job);
  }

  /** The wording of a stored job; a type no kind declares (a newer version's file) gets its type. */
  wordingOf(job: Pick<OutboxJob, 'type' | 'payload'>): OutcomeWording {
    return this.kinds.get(job.type)?.wordingOf(job) ?? { task: `run the ${job.type} job` };
  }
}
