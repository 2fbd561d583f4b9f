/**
 * The seam between a provider and the outbox: every provider call is one attempt, safe to repeat
 * with the same idempotency key, cancellable, and fails with an `IntegrationError`.
 */
export interface OperationContext {
  /**
   * Stable across attempts of the same side effect (the outbox persists it). Providers use it to
   * find an earlier attempt's result (ServiceNow correlation_id, Jira label, TheHive sourceRef) or
   * pass it on (`Idempotency-Key` header, e-mail Message-ID). Letters, digits and `._:-` only.
   */
  idempotencyKey: string;
  /** Fires when the attempt must stop (shutdown); the call then fails with kind `aborted`. */
  signal: AbortSignal;
  /**
   * What an earlier attempt of the same side effect had done (stored by the outbox from the
   * failure's `progress`); only operations that deliver to several recipients use it.
   */
  progress?: unknown;
  /**
   * Stores this attempt's progress at once (the outbox's JobContext.saveProgress), so what was
   * delivered before a timeout, a shutdown or a crash is not delivered again; absent outside the
   * outbox, where the progress travels only on the failure.
   */
  saveProgress?: (progress: unknown) => Promise<void>;
}

/**
 * One provider operation.
 *
 * @example
 *   const op: Operation<AlertTicketInput, TicketResult> = ticketing.createTicket;
 *   const ticket = await op(alert, { idempotencyKey: 'job-42', signal: AbortSignal.timeout(30_000) });
 */
export type Operation<Input, Result> = (input: Input, ctx: OperationContext) => Promise<Result>;
