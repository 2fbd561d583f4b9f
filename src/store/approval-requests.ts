import type { ApprovableAction } from '../access/approval-policy';
import { isPlainObject } from './data-file';
import { documentsIn, type DocumentsSource } from './file-documents';
import type { JsonDocument } from './json-document';

/** Who asked for, or decided on, an approval, as the audit trail names them. */
export interface ApprovalPerson {
  id: string;
  name?: string;
  role?: string;
}

/** Why a request needs a second person. */
export type ApprovalReason =
  /** The requester's role may not do it alone (an analyst without SOCBOT_ANALYSTS_MAY_BLOCK). */
  | 'role'
  /** SOCBOT_APPROVAL_REQUIRED lists the action for this system. */
  | 'policy';

/** What a requester asks a lead to approve: exactly what will run, and where to answer. */
export interface NewApprovalRequest {
  /** Idempotency key (the confirmed form's request id): a second add with it returns the first record. */
  requestId: string;
  /** What the approval lets run: block_terminal (terminal), lock_user (SAP user). */
  actions: ApprovableAction[];
  /** The blocking providers it runs through (BLOCK at the time of the request). */
  providers: string[];
  alertRef: string;
  system: string;
  terminal: string;
  username: string;
  ip?: string;
  reason: ApprovalReason;
  requestedBy: ApprovalPerson;
  /** Every normalized identity the requester is known by: none of them may decide. */
  requesterIdentities: string[];
  conversationId: string;
  /** Where the requester is told the decision (conversation directory key). */
  conversationKey: string;
}

/** A recorded approval request and what became of it. */
export interface ApprovalRequest extends NewApprovalRequest {
  /** `APR-<sequence>`, unique per data directory. */
  id: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  createdAt: string;
  /** ISO time after which it can no longer be approved (SOCBOT_APPROVAL_TTL_MINUTES). */
  expiresAt: string;
  decidedBy?: ApprovalPerson;
  /** ISO time of the decision (or of noticing the expiry). */
  decidedAt?: string;
  /** The outbox jobs queued once approved: set once, so a replayed approval queues nothing new. */
  jobIds?: string[];
}

/** What one decision did, decided inside one atomic update of the file. */
export type DecisionOutcome =
  | { outcome: 'decided'; request: ApprovalRequest }
  /** Decided before (by `request.decidedBy`): nothing changed. */
  | { outcome: 'already-decided'; request: ApprovalRequest }
  /** Past its expiry: never acts. `expiredNow` is true for the call that marked it. */
  | { outcome: 'expired'; request: ApprovalRequest; expiredNow: boolean }
  /** The decider is the requester: refused, nothing changed. */
  | { outcome: 'self'; request: ApprovalRequest }
  | { outcome: 'unknown' };

interface ApprovalFile {
  requests: ApprovalRequest[];
}

function isApprovalFile(data: unknown): data is ApprovalFile {
  return (
    isPlainObject(data) &&
    Array.isArray(data.requests) &&
    data.requests.every((request) => isPlainObject(request) && typeof request.id === 'string')
  );
}

/** The file under the data directory that holds approval requests. */
export const APPROVALS_FILE_NAME = 'approvals.json';

/** Said after the remedy when approvals.json cannot be read. */
const AFTER_MOVING_ASIDE =
  'Pending approvals in it can then no longer be decided: ask their requesters to request again. Every request and decision is also in the audit trail.';

/**
 * The approval requests of the two-person rule (`<dataDir>/approvals.json`, lowdb, durable like the
 * other data files). A decision is made inside one atomic update, so of two leads deciding at once
 * exactly one decides and the other is told who did.
 *
 * @example
 *   const approvals = new ApprovalRequestLog('./data');
 *   const request = await approvals.add({ requestId: 'form-1', actions: ['block_terminal'], … }, 60);
 *   request.id; // 'APR-0001'
 *   await approvals.decide('APR-0001', { decision: 'approved', by: lead, byIdentities: ['lea@corp.com'] });
 */
export class ApprovalRequestLog {
  private readonly file: JsonDocument<ApprovalFile>;

  constructor(
    /** The data directory (files), or a backend's documents (PostgreSQL). */
    where: DocumentsSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = documentsIn(where).open({
      name: APPROVALS_FILE_NAME,
      defaults: () => ({ requests: [] }),
      isValid: isApprovalFile,
      afterMovingAside: AFTER_MOVING_ASIDE,
    });
  }

  /** Records a request that waits `ttlMinutes` for a decision; the same `requestId` returns the first record. */
  add(
    request: NewApprovalRequest,
    ttlMinutes: number,
  ): Promise<{ request: ApprovalRequest; created: boolean }> {
    return this.file.update((data) => {
      const earlier = data.requests.find((existing) => existing.requestId === request.requestId);
      if (earlier) return { request: structuredClone(earlier), created: false };
      const at = this.now();
      const record: ApprovalRequest = {
        ...structuredClone(request),
        id: `APR-${String(data.requests.length + 1).padStart(4, '0')}`,
        status: 'pending',
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + ttlMinutes * 60_000).toISOString(),
      };
      data.requests.push(record);
      return { request: structuredClone(record), created: true };
    });
  }

  /** The request with this id (case-insensitive), or undefined. */
  get(id: string): Promise<ApprovalRequest | undefined> {
    const wanted = id.trim().toUpperCase();
    return this.file.view((data) => {
      const found = data.requests.find((request) => request.id === wanted);
      return found && structuredClone(found);
    });
  }

  /**
   * Approves or rejects a pending request, in one atomic step: the requester (any of
   * `byIdentities` among the requester's) is refused, a request past its expiry is marked expired
   * and never approved, a decided one stays as the first decider left it.
   */
  decide(
    id: string,
    decision: { decision: 'approved' | 'rejected'; by: ApprovalPerson; byIdentities: readonly string[] },
  ): Promise<DecisionOutcome> {
    const wanted = id.trim().toUpperCase();
    return this.file.update((data): DecisionOutcome => {
      const request = data.requests.find((candidate) => candidate.id === wanted);
      if (!request) return { outcome: 'unknown' };
      if (request.status === 'approved' || request.status === 'rejected')
        return { outcome: 'already-decided', request: structuredClone(request) };
      if (request.status === 'expired')
        return { outcome: 'expired', request: structuredClone(request), expiredNow: false };
      if (decision.byIdentities.some((identity) => request.requesterIdentities.includes(identity)))
        return { outcome: 'self', request: structuredClone(request) };
      const at = this.now();
      if (at.getTime() >= Date.parse(request.expiresAt)) {
        request.status = 'expired';
        request.decidedAt = at.toISOString();
        return { outcome: 'expired', request: structuredClone(request), expiredNow: true };
      }
      request.status = decision.decision;
      request.decidedBy = { ...decision.by };
      request.decidedAt = at.toISOString();
      return { outcome: 'decided', request: structuredClone(request) };
    });
  }

  /** Marks every pending request past its expiry as expired; returns the ones this call marked. */
  async expireDue(): Promise<ApprovalRequest[]> {
    // Looked at first: a sweep that finds nothing due costs no write.
    const due = await this.file.view((data) =>
      data.requests.some(
        (request) => request.status === 'pending' && this.now().getTime() >= Date.parse(request.expiresAt),
      ),
    );
    if (!due) return [];
    return this.file.update((data) => {
      const at = this.now();
      const expired: ApprovalRequest[] = [];
      for (const request of data.requests) {
        if (request.status !== 'pending' || at.getTime() < Date.parse(request.expiresAt)) continue;
        request.status = 'expired';
        request.decidedAt = at.toISOString();
        expired.push(structuredClone(request));
      }
      return expired;
    });
  }

  /** Records the jobs an approved request queued (once: a second call keeps the first ids). */
  markQueued(id: string, jobIds: readonly string[]): Promise<void> {
    return this.file.update((data) => {
      const request = data.requests.find((candidate) => candidate.id === id);
      if (request && request.jobIds === undefined) request.jobIds = [...jobIds];
    });
  }

  /** Every request, oldest first. */
  async list(): Promise<ApprovalRequest[]> {
    return (await this.file.read()).requests;
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
