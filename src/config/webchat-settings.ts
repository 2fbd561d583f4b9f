import { z } from 'zod';
import { configInvalid, problemsOf } from './config-problems';
import { optionalSecret } from './signing-secret';

/**
 * The Web Chat page's environment variables. Defaults are safe: without `WEBCHAT_SECRET`, the page
 * and its Direct Line endpoint answer loopback clients only. Parsed here, beside the rest of the
 * configuration tree, so that src/config.ts depends on nothing in src/channels/.
 */
const WebChatEnvSchema = z.object({
  /** Shared secret for issuing tokens (`Authorization: Bearer <secret>` on GET /webchat/token). */
  WEBCHAT_SECRET: optionalSecret,
  /** `true` serves the page without a secret to every client that reaches the port. */
  WEBCHAT_ALLOW_REMOTE: z.enum(['true', 'false', '']).default(''),
  /** Space-separated origins (https://portal.example.com) that may show the page in an iframe. */
  WEBCHAT_FRAME_ANCESTORS: z
    .string()
    .default('')
    .refine((value) => value.split(/\s+/).every((origin) => origin === '' || isOrigin(origin)), {
      message: 'must be space-separated origins such as https://portal.soc.example.com',
    }),
  /** Lifetime of a Web Chat token; the page refreshes it while it stays open. */
  WEBCHAT_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(24 * 3600)
    .default(30 * 60),
});

/** How the Web Chat page and its Direct Line endpoint are protected. */
export interface WebChatConfig {
  /** Empty: no secret, tokens are issued to whoever may reach the page (see `allowRemote`). */
  readonly secret: string;
  /** Without a secret: serve non-loopback clients too. Ignored when a secret is set. */
  readonly allowRemote: boolean;
  readonly tokenTtlMs: number;
  /** Origins besides socbot's own that may frame the page (a SOC portal). */
  readonly frameAncestors: readonly string[];
}

/** The default: no secret, loopback clients only, 30-minute tokens. */
export const DEFAULT_WEBCHAT_CONFIG: WebChatConfig = {
  secret: '',
  allowRemote: false,
  tokenTtlMs: 30 * 60 * 1000,
  frameAncestors: [],
};

/**
 * Reads WEBCHAT_SECRET, WEBCHAT_ALLOW_REMOTE, WEBCHAT_TOKEN_TTL_SECONDS and WEBCHAT_FRAME_ANCESTORS.
 * Throws CONFIG_INVALID naming each bad variable. `loadConfig` calls it as one section of the tree.
 *
 * @example
 *   const webChat = loadWebChatConfig({});
 *   // → { secret: '', allowRemote: false, tokenTtlMs: 1800000, frameAncestors: [] }
 */
export function loadWebChatConfig(env: NodeJS.ProcessEnv): WebChatConfig {
  const parsed = WebChatEnvSchema.safeParse(env);
  if (!parsed.success)
    throw configInvalid('Web Chat configuration', problemsOf(parsed.error), 'docs/webchat.md');
  const e = parsed.data;
  return {
    secret: e.WEBCHAT_SECRET,
    allowRemote: e.WEBCHAT_ALLOW_REMOTE === 'true',
    tokenTtlMs: e.WEBCHAT_TOKEN_TTL_SECONDS * 1000,
    frameAncestors: e.WEBCHAT_FRAME_ANCESTORS.split(/\s+/).filter((origin) => origin !== ''),
  };
}

/** `https://host[:port]` and nothing more: no path, no wildcard, no quotes (they would widen the CSP). */
function isOrigin(value: string): boolean {
  if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(value) || !URL.canParse(value)) return false;
  return new URL(value).origin === value.toLowerCase();
}
