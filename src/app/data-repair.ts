import type { LostJob } from '../outbox/rebuild-from-audit';

/**
 * Something start-up repaired in the data directory, audited (`repair`) and shown in /healthz:
 * a crash's cut-off last line set aside, or a lost outbox.json rebuilt from the audit trail.
 *
 * @example
 *   { file: './data/audit.jsonl', what: 'set aside the cut-off last line of ./data/audit.jsonl (57 bytes, kept in …)',
 *     at: '2026-12-06T02:44:54.000Z', movedTo: './data/audit.jsonl.torn-2026-12-06T02-44-54.000Z', bytes: 57 }
 */
export interface DataRepair {
  /** The file repaired. */
  file: string;
  /** What was done, in a sentence for an operator. */
  what: string;
  at: string;
  /** Where set-aside bytes are kept, as evidence. */
  movedTo?: string;
  bytes?: number;
  /** What was written back: the ids of the jobs of a rebuilt outbox.json, the references of alerts the register had lost. */
  rebuilt?: string[];
  /** References the alert register keeps from being handed out again (only its cut-off line named them). */
  reserved?: string[];
  /** Unfinished jobs the audit trail could not rebuild (queued by a version that did not audit their payload). */
  lost?: LostJob[];
}
