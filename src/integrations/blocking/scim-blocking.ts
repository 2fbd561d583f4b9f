import type { Logger } from '../../logger';
import { singleLine } from '../bounded-text';
import { createHttpClient } from '../http-client';
import { IntegrationError } from '../integration-error';
import type { BlockingProvider, BlockRequest } from './blocking-provider';
import { scimUserNameFilter } from './scim-filter';

/** Options of createScimBlocking (from SCIM_URL, SCIM_TOKEN). */
export interface ScimBlockingOptions {
  /** SCIM base URL; `/Users` is appended. */
  url: string;
  token: string;
  timeoutMs: number;
  logger: Logger;
}

/** SCIM's media type (RFC 7644 §3.1). */
export const SCIM_CONTENT_TYPE = 'application/scim+json';
/** The schema URN of a SCIM PATCH request body (RFC 7644 §3.5.2). */
export const SCIM_PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface ScimUser {
  id: string;
  userName?: string;
  active?: boolean;
}

/**
 * Locks the attacker's user through SCIM 2.0: `GET /Users?filter=userName eq "<name>"`, then
 * `PATCH /Users/{id}` with a PatchOp replacing `active` with false. Idempotent by nature: a user
 * already inactive is reported as `already-blocked` without a PATCH. A user that does not exist
 * fails for good (retrying cannot create it).
 *
 * @example
 *   const scim = createScimBlocking({ url: 'https://idp.example.com/scim/v2', token, timeoutMs, logger });
 *   await scim.block({ terminal: 'PC-0815', username: 'DDIC', alertRef, requestedBy: 'Ana' }, ctx);
 */
export function createScimBlocking(options: ScimBlockingOptions): BlockingProvider {
  const http = createHttpClient({
    service: 'scim',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { Authorization: `Bearer ${options.token}`, Accept: SCIM_CONTENT_TYPE },
    secrets: [options.token],
    authFixHint: 'check SCIM_TOKEN (it needs the right to update users)',
    logger: options.logger,
  });
  return {
    name: 'scim',
    async block(request: BlockRequest, ctx) {
      const userName = singleLine(request.username ?? '');
      if (!userName) {
        throw new IntegrationError(
          'scim blocking needs the SAP user name; ask the analyst for the user and try again.',
          {
            service: 'scim',
            kind: 'rejected',
            retryable: false,
          },
        );
      }
      const target = `user ${userName}`;
      const { data } = await http.request<{ Resources?: unknown }>(
        {
          method: 'GET',
          path: '/Users',
          query: { filter: scimUserNameFilter(userName), attributes: 'id,userName,active' },
        },
        ctx,
      );
      const users = Array.isArray(data?.Resources) ? data.Resources.map(readUser) : [];
      const user = users[0];
      if (!user) {
        throw new IntegrationError(
          `scim has no user "${userName}"; check the user name with the identity team, or lock the user in SAP (SU01) directly.`,
          { service: 'scim', kind: 'not-found', retryable: false },
        );
      }
      if (users.length > 1) {
        throw new IntegrationError(
          `scim returned ${users.length} users for "${userName}"; socbot locks only an exact single match. Lock the right one by hand.`,
          { service: 'scim', kind: 'rejected', retryable: false },
        );
      }
      if (user.active === false) return { provider: 'scim', target, outcome: 'already-blocked' };
      await http.request(
        {
          method: 'PATCH',
          path: `/Users/${encodeURIComponent(user.id)}`,
          contentType: SCIM_CONTENT_TYPE,
          body: {
            schemas: [SCIM_PATCH_OP_SCHEMA],
            Operations: [{ op: 'replace', path: 'active', value: false }],
          },
        },
        ctx,
      );
      return { provider: 'scim', target, outcome: 'blocked' };
    },
  };
}

function readUser(value: unknown): ScimUser {
  const user = value as Partial<ScimUser> | undefined;
  if (typeof user?.id !== 'string') {
    throw new IntegrationError(
      'scim returned a user without an id; check that SCIM_URL is the SCIM 2.0 base URL.',
      {
        service: 'scim',
        kind: 'invalid-response',
        retryable: true,
      },
    );
  }
  return { id: user.id, ...(typeof user.active === 'boolean' ? { active: user.active } : {}) };
}
