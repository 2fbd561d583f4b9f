import { z } from 'zod';
import type { Logger } from '../../logger';
import { IntegrationError, type IntegrationErrorOptions } from '../integration-error';
import type { ProactiveDelivery, ProactiveMessage } from './proactive-delivery';

/**
 * Where a delivery to several conversations stands after an attempt: who got the message, and who
 * can never take it (gone, bot removed). Stored on the outbox job between attempts.
 */
export interface DeliveryProgress {
  delivered: string[];
  unreachable: string[];
}

const deliveryProgressSchema = z.object({
  delivered: z.array(z.string()),
  unreachable: z.array(z.string()),
});

/** A finished delivery: every conversation got the message or can never take it, and some got it. */
export interface ConversationDeliveryResult {
  delivered: number;
  unreachable: number;
}

/** What {@link deliverToConversations} needs. */
export interface ConversationDeliveryRequest {
  /** Names the delivery in errors and logs (`basis-teams`, `soc-teams`). */
  service: string;
  delivery: ProactiveDelivery;
  /** The registered conversation keys, as the directory lists them now. */
  conversations: readonly string[];
  message: ProactiveMessage;
  /** The previous attempt's progress (OperationContext.progress): unvalidated stored data. */
  progress: unknown;
  /** Aborts the post in flight and leaves the rest for the next attempt. */
  signal: AbortSignal;
  /** Stores the progress after each conversation (OperationContext.saveProgress), before the attempt ends. */
  saveProgress?: (progress: DeliveryProgress) => Promise<void>;
  logger?: Logger;
}

/**
 * Sends one message to every registered conversation, each on its own, across attempts:
 *
 * - a conversation that got it is remembered in the progress, saved at once through
 *   `saveProgress` (a timeout, a shutdown or a crash cannot lose it), and never posted to again;
 * - a permanent failure (404 gone, 403 bot removed, 401) is permanent for THAT conversation only:
 *   it is remembered as unreachable and skipped from then on;
 * - while any conversation failed transiently (5xx, 429, network, cut off by the signal) the
 *   attempt fails retryably with the progress, so the outbox tries the rest again;
 * - when nothing is left to try it succeeds if at least one conversation got the message, and
 *   fails for good (not retryable) when none could.
 *
 * @example
 *   const result = await deliverToConversations({ service: 'basis-teams', delivery, conversations,
 *     message: { text: 'P1 alert', attachments: [card] }, progress: ctx.progress, signal: ctx.signal });
 *   // { delivered: 1, unreachable: 1 }, or throws an IntegrationError carrying `progress`
 */
export async function deliverToConversations(
  request: ConversationDeliveryRequest,
): Promise<ConversationDeliveryResult> {
  const { service, conversations, signal } = request;
  const progress = readProgress(request.progress);
  const transient: IntegrationError[] = [];
  let permanent: IntegrationError | undefined;
  let cutOff = false;
  for (const conversation of conversations) {
    if (progress.delivered.includes(conversation) || progress.unreachable.includes(conversation)) continue;
    if (signal.aborted) {
      cutOff = true;
      break;
    }
    try {
      await request.delivery.deliver(conversation, request.message, { signal });
      progress.delivered.push(conversation);
      await save(request, progress);
    } catch (error) {
      if (signal.aborted) {
        // The post was cut off: the next attempt tries this conversation and the rest.
        cutOff = true;
        break;
      }
      const failure = asDeliveryFailure(error, service);
      request.logger?.warn({ service, kind: failure.kind, status: failure.status }, failure.message);
      if (failure.retryable) {
        transient.push(failure);
      } else {
        progress.unreachable.push(conversation);
        permanent = failure;
        await save(request, progress);
      }
    }
  }
  const delivered = conversations.filter((key) => progress.delivered.includes(key)).length;
  const unreachable = conversations.filter((key) => progress.unreachable.includes(key)).length;
  const missing = conversations.length - delivered;
  if (transient.length > 0 || cutOff) {
    const last = transient[transient.length - 1];
    throw new PartialDeliveryError(
      `${service}: ${missing} of ${conversations.length} conversations did not get it yet; socbot will try them again.${last ? ` ${last.message}` : ''}`,
      {
        service,
        kind: last?.kind ?? 'aborted',
        retryable: true,
        ...(last?.status !== undefined ? { status: last.status } : {}),
        ...(last?.retryAfterMs !== undefined ? { retryAfterMs: last.retryAfterMs } : {}),
      },
      progress,
    );
  }
  if (delivered === 0) {
    throw new PartialDeliveryError(
      `${service}: none of the ${conversations.length} registered conversations can take messages. ${permanent?.message ?? ''}`.trim(),
      {
        service,
        kind: permanent?.kind ?? 'not-found',
        retryable: false,
        ...(permanent?.status !== undefined ? { status: permanent.status } : {}),
      },
      progress,
    );
  }
  return { delivered, unreachable };
}

/** A failed attempt of a delivery to several conversations; `progress` goes to the next attempt. */
export class PartialDeliveryError extends IntegrationError {
  constructor(
    message: string,
    details: IntegrationErrorOptions,
    readonly progress: DeliveryProgress,
  ) {
    super(message, details);
  }
}

/**
 * Saves the progress now. A save that fails is logged, not thrown: the attempt's error or result
 * still carries the progress, and stopping here would leave the other conversations untold.
 */
async function save(request: ConversationDeliveryRequest, progress: DeliveryProgress): Promise<void> {
  try {
    await request.saveProgress?.({
      delivered: [...progress.delivered],
      unreachable: [...progress.unreachable],
    });
  } catch (error) {
    request.logger?.warn(
      { service: request.service, err: error },
      `${request.service}: could not save the delivery progress; it is kept on the attempt's outcome instead`,
    );
  }
}

/** Stored data from an earlier attempt (or an older version's file): anything unreadable counts as none. */
function readProgress(stored: unknown): DeliveryProgress {
  const parsed = deliveryProgressSchema.safeParse(stored);
  return parsed.success
    ? { delivered: [...parsed.data.delivered], unreachable: [...parsed.data.unreachable] }
    : { delivered: [], unreachable: [] };
}

/** A delivery is expected to fail with an IntegrationError; anything else is taken as transient. */
function asDeliveryFailure(error: unknown, service: string): IntegrationError {
  if (error instanceof IntegrationError) return error;
  return new IntegrationError(
    `${service}: the conversation did not take the message; socbot will try again.`,
    {
      service,
      kind: 'unavailable',
      retryable: true,
    },
  );
}
