import { createHmac, timingSafeEqual } from 'node:crypto';
import { SocbotError } from '../../errors';

/** What a Direct Line token grants: one conversation, as one user, until `expiresAt`. */
export interface DirectLineGrant {
  conversationId: string;
  userId: string;
  /** The user's display name, when the party that asked for the token knew it (a portal, a proxy). */
  userName?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Issues and verifies tokens. */
export interface DirectLineTokens {
  /** A token for `grant`'s conversation and user, valid for the configured lifetime from now. */
  issue(grant: Omit<DirectLineGrant, 'expiresAt'>): { token: string; grant: DirectLineGrant };
  /**
   * The grant a token carries. Throws UNAUTHORIZED (→ 401) for a malformed or forged token and
   * FORBIDDEN (→ 403, which Web Chat reads as "expired") for an expired one.
   */
  verify(token: string): DirectLineGrant;
  /** Lifetime of a new token in milliseconds. */
  readonly ttlMs: number;
}

const VERSION = 'v1';

/**
 * HMAC-SHA256-signed tokens `v1.<payload>.<signature>` (base64url). Stateless, so a restart keeps
 * them valid: the key is WEBCHAT_SECRET or one kept in the data directory (webchat/token-key.ts). A
 * token names exactly one conversation: it can never read or post to another.
 *
 * @example
 *   const tokens = createDirectLineTokens({ key: webChatTokenKey(secret, dataDir), ttlMs: 30 * 60_000 });
 *   const { token } = tokens.issue({ conversationId: 'dl_abc', userId: 'analyst_1' });
 *   tokens.verify(token).conversationId; // 'dl_abc'
 */
export function createDirectLineTokens(options: {
  key: string | Buffer;
  ttlMs: number;
  now?: () => number;
}): DirectLineTokens {
  const now = options.now ?? Date.now;
  // Derived, so the signing key is never the secret itself (which also opens the token route).
  const signingKey = createHmac('sha256', options.key).update('socbot directline token key').digest();
  const sign = (payload: string): Buffer =>
    createHmac('sha256', signingKey).update(`${VERSION}.${payload}`).digest();

  return {
    ttlMs: options.ttlMs,
    issue(request) {
      const grant: DirectLineGrant = { ...request, expiresAt: now() + options.ttlMs };
      const payload = Buffer.from(
        JSON.stringify({ c: grant.conversationId, u: grant.userId, n: grant.userName, e: grant.expiresAt }),
      ).toString('base64url');
      return { token: `${VERSION}.${payload}.${sign(payload).toString('base64url')}`, grant };
    },
    verify(token) {
      const [version, payload, signature, ...rest] = token.split('.');
      if (version !== VERSION || !payload || !signature || rest.length > 0) throw badToken('malformed');
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badToken('signature');
      const grant = readGrant(payload);
      if (grant.expiresAt <= now()) {
        throw new SocbotError(
          'FORBIDDEN',
          'This Web Chat token has expired. Reload the page to get a new one.',
          { reason: 'expired' },
        );
      }
      return grant;
    },
  };
}

function readGrant(payload: string): DirectLineGrant {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw badToken('payload');
  }
  const { c, u, n, e } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof c !== 'string' || typeof u !== 'string' || typeof e !== 'number') throw badToken('payload');
  return { conversationId: c, userId: u, ...(typeof n === 'string' ? { userName: n } : {}), expiresAt: e };
}

function badToken(reason: string): SocbotError {
  return new SocbotError(
    'UNAUTHORIZED',
    'The Web Chat token is not valid. Get a new one from GET /webchat/token (reload the page).',
    { reason },
  );
}
