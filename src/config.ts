import path from 'node:path';
import { z } from 'zod';
import { loadWebChatConfig, type WebChatConfig } from './channels/webchat/webchat-config';
import { SocbotError } from './errors';

/**
 * One schema over the environment. Every value has a safe embedded default (lowdb files under
 * ./data, no cloud account); a bad value fails at start-up with the variable named and how to fix it.
 */
const EnvSchema = z.object({
  /** 0 binds a free port (tests); the bound port is logged. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SOCBOT_DATA_DIR: z.string().min(1).default('./data'),
  SOCBOT_CORPUS: z.string().min(1).default('./corpus'),
  SOCBOT_MODEL: z.string().min(1).default('./models/socbot.model.json'),
  /** Largest accepted request body in bytes for /api/messages. */
  SOCBOT_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** Bound on verifying a Bot Framework token (the SDK fetches OpenID metadata); past it: 401. */
  SOCBOT_AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** How long a shutdown waits for turns in flight before it cuts them off. */
  SOCBOT_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  // Standard Bot Framework names: authentication is on whenever MicrosoftAppId is set.
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
});

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  dataDir: string;
  corpusPath: string;
  modelPath: string;
  maxBodyBytes: number;
  authTimeoutMs: number;
  shutdownGraceMs: number;
  /** WEBCHAT_SECRET, WEBCHAT_ALLOW_REMOTE, WEBCHAT_TOKEN_TTL_SECONDS (schema in channels/webchat/). */
  webChat: WebChatConfig;
  botAuth: {
    appId: string;
    appPassword: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string;
  };
}

/** Reads and validates the environment. Throws CONFIG_INVALID naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SocbotError(
      'CONFIG_INVALID',
      `Invalid configuration: ${problems.join('; ')}. Fix these environment variables (see .env.example).`,
      { problems },
    );
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new SocbotError(
      'CONFIG_INVALID',
      "MicrosoftAppId is set but MicrosoftAppPassword is empty. Set the bot registration's client secret, or unset MicrosoftAppId to run without authentication on loopback.",
      { problems: ['MicrosoftAppPassword: required when MicrosoftAppId is set'] },
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.SOCBOT_DATA_DIR),
    corpusPath: path.resolve(e.SOCBOT_CORPUS),
    modelPath: path.resolve(e.SOCBOT_MODEL),
    maxBodyBytes: e.SOCBOT_MAX_BODY_BYTES,
    authTimeoutMs: e.SOCBOT_AUTH_TIMEOUT_MS,
    shutdownGraceMs: e.SOCBOT_SHUTDOWN_GRACE_MS,
    webChat: loadWebChatConfig(env),
    botAuth: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
  };
}
