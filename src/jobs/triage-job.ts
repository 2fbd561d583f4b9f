import { z } from 'zod';
import { IntegrationError } from '../integrations/integration-error';
import { deliverToConversations } from '../integrations/notify/conversation-delivery';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../integrations/notify/notice-card';
import { escapeCardMarkdown } from '../integrations/notify/card-markdown';
import { triageCard, triageText } from '../integrations/triage/triage-card';
import type { TriageInput } from '../integrations/triage/triage-prompt';
import type { TriageResult, TriageService } from '../integrations/triage/triage-service';
import type { TriageLog, TriageRun } from '../store/triage-log';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'triage.alert';
const SERVICE = 'triage-card';

/** What the `triage.alert` job needs (src/app/create-app.ts builds it; absent when AI triage is off). */
export interface TriageJobDeps {
  service: TriageService;
  /** The alert's facts for the prompt (register, notes, enrichment), or undefined when unknown. */
  alertOf(ref: string): Promise<TriageInput | undefined>;
  store: Pick<TriageLog, 'record' | 'of'>;
  /** The SOC conversations and the incident's room (its Teams thread, its Web Chat page), each once. */
  conversationsFor(ref: string): Promise<string[]>;
  /**
   * Adds the triage to the alert's ticket as a note (the ticketing 'note' update, wired by the
   * composition root when the ticketing provider has one); absent: no note. Must be idempotent on
   * `requestId`.
   */
  ticketNote?(ref: string, text: string, requestId: string): Promise<void>;
}

/** Which alert, and which request: one triage on arrival, one per on-demand request. */
export interface TriageJobPayload {
  ref: string;
  /** The turn's request id for an on-demand triage; absent for the triage on arrival. */
  requestId?: string;
  /** The conversation that asked for it on demand: the card goes there too (its directory key). */
  conversationKey?: string;
}

const payloadSchema = z.object({
  ref: z.string().min(1),
  requestId: z.string().min(1).optional(),
  conversationKey: z.string().min(1).optional(),
}) satisfies z.ZodType<TriageJobPayload>;

/** The triage's gist and where its card went. */
export interface TriageJobResult {
  recommendation: string;
  classification: string;
  delivered: number;
  unreachable?: number;
  noted?: boolean;
}

const resultSchema = z.object({
  recommendation: z.string(),
  classification: z.string(),
  delivered: z.number(),
  unreachable: z.number().optional(),
  noted: z.boolean().optional(),
}) satisfies z.ZodType<TriageJobResult>;

/**
 * Triages an alert with the AI model, stores the triage on the alert (`triage.jsonl`) and posts
 * the triage card to the SOC conversations and the incident room (deliverToConversations: each
 * once across attempts), then adds it to the ticket as a note when that is wired. The model's
 * answer fills the record and the card, nothing else: this job queues no other job and its card's
 * buttons only send chat commands (confirmation and roles apply).
 *
 * A retry does not ask the model again: the run is stored with the job's key first, and a later
 * attempt finds it. An answer that stays invalid fails the job for good ("AI triage unavailable");
 * 429/5xx/timeouts are retried by the outbox. Without a conversation to post to, the triage is
 * still stored and the job succeeds (delivered 0).
 *
 * @example
 *   await queueAudited(app, triageJob, { ref }, { alertRef: ref }, { actor: SIEM_ACTOR });
 */
export const triageJob = defineJobKind<TriageJobPayload, TriageJobResult>({
  type: TYPE,
  payload: payloadSchema,
  result: resultSchema,
  key: (payload) => idempotencyKeyOf(payload.ref, TYPE, payload.requestId ?? 'arrival'),
  permission: 'register_alert',
  wording: (payload) => ({
    task: `triage ${payload.ref} with the AI model and post the triage card`,
    success: (result) =>
      `AI triage of ${payload.ref}: ${result.recommendation} (${result.classification}); card posted to ${result.delivered} conversation${result.delivered === 1 ? '' : 's'}.`,
  }),
  handler: ({ triage, delivery }) =>
    triage &&
    (async (payload, context) => {
      const run = await triageOnce(triage, payload.ref, context.idempotencyKey, context.signal);
      const conversations = [
        ...new Set([
          ...(await triage.conversationsFor(payload.ref)),
          ...(payload.conversationKey ? [payload.conversationKey] : []),
        ]),
      ];
      const text = triageText(payload.ref, run);
      const { delivered, unreachable } =
        conversations.length === 0
          ? { delivered: 0, unreachable: 0 }
          : await deliverToConversations({
              service: SERVICE,
              delivery,
              conversations,
              message: {
                // Beside the card (notifications, clients without cards): the model's words as text, never markdown.
                text: triageText(payload.ref, run, escapeCardMarkdown),
                attachments: [
                  { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: triageCard(payload.ref, run) },
                ],
              },
              progress: context.progress,
              signal: context.signal,
              saveProgress: context.saveProgress,
            });
      if (triage.ticketNote) await triage.ticketNote(payload.ref, text, context.idempotencyKey);
      return {
        recommendation: run.recommendation,
        classification: run.classification,
        delivered,
        ...(unreachable > 0 ? { unreachable } : {}),
        ...(triage.ticketNote ? { noted: true } : {}),
      };
    }),
});

/** The run this job stored before, else a new one from the model, stored before anything is posted. */
async function triageOnce(
  deps: TriageJobDeps,
  ref: string,
  requestId: string,
  signal: AbortSignal,
): Promise<TriageResult> {
  const stored = await deps.store.of(ref);
  const earlier = stored && [stored, ...stored.history].find((run) => run.requestId === requestId);
  if (earlier) return earlier;
  const alert = await deps.alertOf(ref);
  if (!alert) {
    throw new IntegrationError(`There is no alert ${ref} in the register to triage.`, {
      service: SERVICE,
      kind: 'not-found',
      retryable: false,
    });
  }
  const result = await deps.service.triage(alert, signal);
  const run: TriageRun = {
    ref,
    ...result,
    ...(alert.source ? { logType: alert.source } : {}),
    requestId,
  };
  await deps.store.record(run);
  return result;
}
