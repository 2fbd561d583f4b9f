import type { RoomNotices } from './room-notices';
import { plainChatText } from './plain-chat-text';
import type { AuditActor } from '../audit/audit-entry';
import type { AuditTrail } from '../audit/audit-trail';
import type { ProactiveDelivery } from '../integrations/notify/proactive-delivery';
import type { Logger } from '../logger';
import type { BasisRequest, BasisRequestLog } from '../store/basis-request-log';
import type { ConversationDirectoryStore } from '../store/conversation-directory';

/** What acknowledging a Basis notice did. */
export type AcknowledgeOutcome =
  /** The requests about the alert are acknowledged now; the analysts who asked were told. */
  | { status: 'acknowledged'; requests: BasisRequest[] }
  /** Every request about the alert had been acknowledged before (a second click). */
  | { status: 'already-acknowledged'; requests: BasisRequest[] }
  /** No Basis request names this alert. */
  | { status: 'unknown-alert' };

/** Acknowledges the Basis notice of one alert (the Teams card button and the signed link both end here). */
export interface BasisAcknowledgement {
  acknowledge(input: {
    /** The alert reference the notice named. */
    ref: string;
    /** Who acknowledged: the Teams user, or the holder of the signed link. */
    by: AuditActor;
    /** Where it was acknowledged, for the audit trail. */
    via: 'teams' | 'link';
    conversationId?: string;
    /** Extra context for the audit entry (the client address of a link). */
    details?: Record<string, unknown>;
  }): Promise<AcknowledgeOutcome>;
}

/**
 * Records a Basis acknowledgement on the request records (acknowledgedBy, acknowledgedAt), audits
 * it, and tells each analyst who asked, by a proactive message to the conversation they asked in.
 *
 * @example
 *   const ack = createBasisAcknowledgement({ requests: store.basisRequests, directory, delivery, audit, logger });
 *   await ack.acknowledge({ ref: 'SOC-2026-0001', by: { id: 'aad-7', name: 'Bob', role: 'basis' }, via: 'teams' });
 */
export function createBasisAcknowledgement(deps: {
  requests: BasisRequestLog;
  directory: ConversationDirectoryStore;
  delivery: ProactiveDelivery;
  audit: Pick<AuditTrail, 'append'>;
  logger: Logger;
  /** The incident rooms: an acknowledgement is told in the incident's room too. */
  rooms?: RoomNotices;
}): BasisAcknowledgement {
  return {
    async acknowledge({ ref, by, via, conversationId, details }) {
      const who = by.name ?? by.id;
      // Which requests this acknowledgement settled is decided inside the log's atomic update, so
      // of two acknowledgements at once only one tells the analyst.
      const { requests, acknowledgedNow } = await deps.requests.acknowledge(ref, who);
      if (requests.length === 0) return { status: 'unknown-alert' };
      await deps.audit.append({
        actor: by,
        action: 'acknowledgement',
        summary: `Basis acknowledged the notice about ${ref}`,
        result:
          acknowledgedNow.length > 0
            ? `acknowledged ${acknowledgedNow.map((r) => r.id).join(', ')}`
            : 'already acknowledged',
        alertRef: requests[0]?.alert ?? ref,
        ...(conversationId ? { conversationId } : {}),
        details: { via, ...details },
      });
      if (acknowledgedNow.length === 0) return { status: 'already-acknowledged', requests };
      for (const request of acknowledgedNow) await tellAnalyst(request, who);
      const alert = acknowledgedNow[0]?.alert ?? ref;
      await deps.rooms?.tell(
        alert,
        `${alert}: the Basis team (${plainChatText(who)}) acknowledged the notice (${acknowledgedNow.map((r) => r.id).join(', ')}).`,
      );
      return { status: 'acknowledged', requests: acknowledgedNow };
    },
  };

  async function tellAnalyst(request: BasisRequest, who: string): Promise<void> {
    const key = await deps.directory.keyOfConversationId(request.conversationId);
    if (!key) return;
    const text = `The Basis team (${who}) acknowledged your request ${request.id} about alert ${request.alert} (terminal ${request.terminal}, user ${request.username}).`;
    await deps.delivery.deliver(key, { text }).catch((error: unknown) => {
      deps.logger.warn(
        { err: error, requestId: request.id },
        'could not tell the analyst about the Basis acknowledgement; it is on the request record and in the audit trail',
      );
    });
  }
}
