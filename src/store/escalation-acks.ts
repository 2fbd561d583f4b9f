import { isPlainObject } from './data-file';
import { documentsIn, type DocumentsSource } from './file-documents';
import type { JsonDocument } from './json-document';

/** The file under the data directory that holds escalation acknowledgements. */
export const ESCALATION_ACKS_FILE_NAME = 'escalation-acks.json';

/** Who acknowledged an escalated alert, and how. */
export interface EscalationAck {
  /** The recipient whose link was used (`leads:sms:+4915…`, `exec:email`), or a chat user's name. */
  by: string;
  via: 'link' | 'chat';
  /** ISO time. */
  at: string;
}

interface EscalationAcksData {
  acks: Record<string, EscalationAck>;
}

/**
 * The acknowledgements that stop escalations (`<dataDir>/escalation-acks.json`), one per alert
 * reference: the first one counts, later ones are answered "already acknowledged". Written before
 * the acknowledger is told, so the timer that fires later reads it (also after a restart).
 *
 * @example
 *   const acks = new EscalationAckLog(dataDir);
 *   await acks.acknowledge('SOC-2026-0001', { by: 'leads:email', via: 'link', at });
 *   // { ack: …, first: true }; the second call: first false, the first ack
 */
export class EscalationAckLog {
  private readonly file: JsonDocument<EscalationAcksData>;

  constructor(
    /** The data directory (files), or a backend's documents (PostgreSQL). */ where: DocumentsSource,
  ) {
    this.file = documentsIn(where).open({
      name: ESCALATION_ACKS_FILE_NAME,
      defaults: () => ({ acks: {} }),
      isValid: isAcksData,
      afterMovingAside:
        'Moving it aside forgets which escalations were acknowledged: their next tier may still be told once.',
    });
  }

  /** The acknowledgement of this alert, if any. */
  async of(ref: string): Promise<EscalationAck | undefined> {
    return (await this.file.read()).acks[ref.toUpperCase()];
  }

  /** Records the acknowledgement unless the alert has one; returns the one that counts. */
  acknowledge(ref: string, ack: EscalationAck): Promise<{ ack: EscalationAck; first: boolean }> {
    return this.file.update((data) => {
      const key = ref.toUpperCase();
      const earlier = data.acks[key];
      if (earlier) return { ack: { ...earlier }, first: false };
      data.acks[key] = { ...ack };
      return { ack: { ...ack }, first: true };
    });
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}

function isAcksData(data: unknown): data is EscalationAcksData {
  return (
    isPlainObject(data) &&
    isPlainObject(data.acks) &&
    Object.values(data.acks).every(
      (ack) => isPlainObject(ack) && typeof ack.by === 'string' && typeof ack.at === 'string',
    )
  );
}
