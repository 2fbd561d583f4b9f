import { isPlainObject } from './data-file';
import { documentsIn, type DocumentsSource } from './file-documents';
import type { JsonDocument } from './json-document';

/** What an analyst asks to tell the SAP Basis team. */
export interface NewBasisRequest {
  terminal: string;
  username: string;
  system: string;
  /** The alert it is about: socbot's reference (`SOC-2026-0001`) when registered, otherwise the alert ID. */
  alert: string;
  requestedBy: string;
  conversationId: string;
  /** Idempotency key: a second add with the same `requestId` returns the first record. */
  requestId?: string;
}

/** A recorded request to the Basis team. */
export interface BasisRequest extends NewBasisRequest {
  /** `BR-<sequence>`, unique per data directory. */
  id: string;
  /** `recorded` until a Basis team member acknowledges it (Teams card button or signed link). */
  status: 'recorded' | 'acknowledged';
  createdAt: string;
  /** Who acknowledged it for the Basis team (name or id), once acknowledged. */
  acknowledgedBy?: string;
  /** ISO time of the acknowledgement. */
  acknowledgedAt?: string;
}

interface BasisRequestFile {
  requests: BasisRequest[];
}

function isBasisRequestFile(data: unknown): data is BasisRequestFile {
  return isPlainObject(data) && Array.isArray(data.requests);
}

/** The file under the data directory that holds talk-to-basis requests. */
export const BASIS_REQUESTS_FILE_NAME = 'basis-requests.json';

/**
 * The log of talk-to-basis requests (`<dataDir>/basis-requests.json`), with the Basis team's
 * acknowledgement once given. Delivery itself goes through the outbox.
 *
 * @example
 *   const log = new BasisRequestLog('./data');
 *   const request = await log.add({ terminal: 'PC-0815', username: 'DDIC', system: 'PRD', alert: 'SOC-2026-0001',
 *     requestedBy: 'Ana', conversationId: 'c1' });
 *   request.id; // 'BR-0001'
 */
export class BasisRequestLog {
  private readonly file: JsonDocument<BasisRequestFile>;

  constructor(
    /** The data directory (files), or a backend's documents (PostgreSQL). */
    where: DocumentsSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = documentsIn(where).open({
      name: BASIS_REQUESTS_FILE_NAME,
      defaults: () => ({ requests: [] }),
      isValid: isBasisRequestFile,
    });
  }

  add(request: NewBasisRequest): Promise<BasisRequest> {
    return this.file.update((data) => {
      const earlier =
        request.requestId && data.requests.find((existing) => existing.requestId === request.requestId);
      if (earlier) return earlier;
      const record: BasisRequest = {
        ...request,
        id: `BR-${String(data.requests.length + 1).padStart(4, '0')}`,
        status: 'recorded',
        createdAt: this.now().toISOString(),
      };
      data.requests.push(record);
      return record;
    });
  }

  /**
   * Marks every request about `alert` (socbot reference or alert ID, case-insensitive) as
   * acknowledged by `by`. Returns every request about the alert and, decided inside the same atomic
   * update, the ones this call acknowledged (`acknowledgedNow`): a request acknowledged before keeps
   * its first acknowledgement, so of two acknowledgements at once only one has it in
   * `acknowledgedNow` (and tells the analyst). Both lists are empty when no request names the alert.
   */
  acknowledge(
    alert: string,
    by: string,
  ): Promise<{ requests: BasisRequest[]; acknowledgedNow: BasisRequest[] }> {
    const wanted = alert.trim().toUpperCase();
    return this.file.update((data) => {
      const matching = data.requests.filter((request) => request.alert.toUpperCase() === wanted);
      const at = this.now().toISOString();
      const acknowledgedNow: BasisRequest[] = [];
      for (const request of matching) {
        if (request.status === 'acknowledged') continue;
        request.status = 'acknowledged';
        request.acknowledgedBy = by;
        request.acknowledgedAt = at;
        acknowledgedNow.push(request);
      }
      return structuredClone({ requests: matching, acknowledgedNow });
    });
  }

  async list(): Promise<BasisRequest[]> {
    return (await this.file.read()).requests;
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
