import type { Operation } from '../operation';

/** What to block and why. */
export interface BlockRequest {
  /** The attacker's terminal (host name). */
  terminal: string;
  /** The SAP user to lock (required by SCIM blocking). */
  username?: string;
  ip?: string;
  /** socbot's alert reference, `SOC-2026-0001`. */
  alertRef: string;
  /** The analyst who asked for the block. */
  requestedBy: string;
}

/** The outcome of one blocking provider. */
export interface BlockResult {
  provider: 'webhook' | 'scim';
  /** What was acted on: the terminal, or `user DDIC`. */
  target: string;
  /**
   * `blocked`: done now; `already-blocked`: it was already (e.g. the SCIM user was inactive);
   * `requested`: handed to a system that acts on its own (the block webhook).
   */
  outcome: 'blocked' | 'already-blocked' | 'requested';
}

/**
 * Blocks an attacker in one system. Repeating the call with the same idempotency key is safe.
 *
 * @example
 *   const result = await scim.block({ terminal: 'PC-0815', username: 'DDIC', alertRef, requestedBy: 'Ana' }, ctx);
 *   result.outcome; // 'blocked'
 */
export interface BlockingProvider {
  readonly name: BlockResult['provider'];
  block: Operation<BlockRequest, BlockResult>;
}
