import path from 'node:path';
import { z } from 'zod';
import { loadAccessConfig, type AccessConfig } from './access/access-config';
import { loadAppSettings, type AppSettings } from './app/app-settings';
import { configInvalid, problemsIn, problemsOf } from './config/config-problems';
import { optionalSecret } from './config/signing-secret';
import { loadWebChatConfig, type WebChatConfig } from './config/webchat-settings';
import { isSocbotError, SocbotError } from './errors';
import { loadEscalationSettings, type EscalationSettings } from './app/escalation-settings';
import { loadIntegrationConfig, type IntegrationConfig } from './integrations/integration-config';
import { loadMailSettings, type MailSettings } from './mail/mail-settings';
import { loadDatabaseSettings, type DatabaseSettings } from './db/database-settings';

const CONNECTOR_TIMEOUT_RANGE =
  'must be a whole number of milliseconds from 100 to 12000 (Teams allows a bot about 15 s per request; default 5000)';

/**
 * The server's own variables. Every value has a safe embedded default (lowdb files under ./data,
 * no cloud account); a bad value fails at start-up with the variable named and how to fix it.
 */
const ServerEnvSchema = z.object({
  /** 0 binds a free port (tests); the bound port is logged. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
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
  /** Bound on delivering a turn's replies to the channel connector, well under Teams' ~15 s per request. */
  SOCBOT_CONNECTOR_TIMEOUT_MS: z.coerce
    .number({ error: CONNECTOR_TIMEOUT_RANGE })
    .int(CONNECTOR_TIMEOUT_RANGE)
    .min(100, CONNECTOR_TIMEOUT_RANGE)
    .max(12_000, CONNECTOR_TIMEOUT_RANGE)
    .default(5000),
  /** How long a shutdown waits for turns in flight before it cuts them off. */
  SOCBOT_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  // Standard Bot Framework names: authentication is on whenever MicrosoftAppId is set.
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  /** HMAC secret of the SIEM intake (POST /api/alerts); empty: the intake answers 503. */
  SIEM_WEBHOOK_SECRET: optionalSecret,
  /** Bearer token of GET /metrics; empty: /metrics answers clients on this machine only. */
  METRICS_TOKEN: optionalSecret,
});

export type LogLevel = NonNullable<z.infer<typeof ServerEnvSchema>['LOG_LEVEL']>;

/** The Bot Framework registration; authentication is on whenever `appId` is set. */
export interface BotAuthConfig {
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly tenantId: string;
}

/**
 * socbot's whole configuration: one tree, read from the environment and validated once at start-up
 * by {@link loadConfig}, then passed down (nothing below the CLI reads `process.env`). The server's
 * own values sit at the top; every other concern is a section parsed by its own schema:
 *
 * | section | variables | schema |
 * |---|---|---|
 * | `botAuth` | MicrosoftApp* | here |
 * | `webChat` | WEBCHAT_* | config/webchat-settings.ts |
 * | `access` | SOCBOT_ROLES, SOCBOT_ROLES_FILE, SOCBOT_ANALYSTS_MAY_BLOCK | access/access-config.ts |
 * | `sideEffects` | SOCBOT_ACK_WAIT_MS, SOCBOT_OUTBOX_* | app/app-settings.ts |
 * | `integrations` | TICKETING, BLOCK, *_NOTIFY, SMTP_*, PUBLIC_BASE_URL, BASIS_ACK_SECRET … | integrations/integration-config.ts |
 * | `escalation` | SOCBOT_ESCALATE_AFTER_MINUTES, SOCBOT_CRITICAL_SYSTEMS, SOCBOT_VIP_USERS | app/escalation-settings.ts |
 * | `siem` | SIEM_WEBHOOK_SECRET | here |
 * | `metrics` | METRICS_TOKEN (GET /metrics) | here |
 * | `mail` | MAIL_* (the shared mailbox, the mail classifier) | mail/mail-settings.ts |
 * | `database` | SOCBOT_DATABASE_URL, SOCBOT_DATABASE_POOL, SOCBOT_TURN_LOCK_LINGER_MS (PostgreSQL; undefined = lowdb files) | db/database-settings.ts |
 *
 * Every secret is checked in exactly one of these schemas (config/signing-secret.ts holds the rule).
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** LOG_LEVEL; each command has its own default when it is unset (`serve` info, `chat` warn). */
  readonly logLevel: LogLevel | undefined;
  readonly dataDir: string;
  readonly corpusPath: string;
  readonly modelPath: string;
  readonly maxBodyBytes: number;
  readonly authTimeoutMs: number;
  /** SOCBOT_CONNECTOR_TIMEOUT_MS: how long sending a turn's replies may take before it is given up. */
  readonly connectorTimeoutMs: number;
  readonly shutdownGraceMs: number;
  readonly botAuth: BotAuthConfig;
  readonly webChat: WebChatConfig;
  readonly access: AccessConfig;
  readonly sideEffects: AppSettings;
  readonly integrations: IntegrationConfig;
  readonly escalation: EscalationSettings;
  readonly siem: { readonly secret: string };
  /** GET /metrics: with a token, callers must send `Authorization: Bearer <token>`; '' = loopback clients only. */
  readonly metrics: { readonly token: string };
  readonly mail: MailSettings;
  /** The shared PostgreSQL store; undefined while SOCBOT_DATABASE_URL is empty (the embedded lowdb files). */
  readonly database: DatabaseSettings | undefined;
}

/**
 * Reads and validates the whole environment once. Throws one CONFIG_INVALID naming every bad
 * variable of every section and how to fix it.
 *
 * @example
 *   const config = loadConfig(process.env); // in the CLI, and nowhere else
 *   const app = createApp({ config, logger });
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const section = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!isSocbotError(error, 'CONFIG_INVALID')) throw error;
      problems.push(...problemsIn(error));
      return undefined;
    }
  };
  const server = section(() => loadServerSettings(env));
  const webChat = section(() => loadWebChatConfig(env));
  const access = section(() => loadAccessConfig(env));
  const sideEffects = section(() => loadAppSettings(env));
  const integrations = section(() => loadIntegrationConfig(env));
  const escalation = section(() => loadEscalationSettings(env));
  const mail = section(() => loadMailSettings(env));
  let databaseRead = false;
  const database = section(() => {
    const settings = loadDatabaseSettings(env);
    databaseRead = true;
    return settings;
  });
  if (
    !server ||
    !webChat ||
    !access ||
    !sideEffects ||
    !integrations ||
    !escalation ||
    !mail ||
    !databaseRead ||
    problems.length > 0
  ) {
    throw configInvalid('configuration', problems);
  }
  return Object.freeze({ ...server, webChat, access, sideEffects, integrations, escalation, mail, database });
}

type ServerSettings = Omit<
  Config,
  'webChat' | 'access' | 'sideEffects' | 'integrations' | 'escalation' | 'mail' | 'database'
>;

function loadServerSettings(env: NodeJS.ProcessEnv): ServerSettings {
  const parsed = ServerEnvSchema.safeParse(env);
  if (!parsed.success) throw configInvalid('configuration', problemsOf(parsed.error));
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new SocbotError(
      'CONFIG_INVALID',
      "MicrosoftAppId is set but MicrosoftAppPassword is empty. Set the bot registration's client secret, or unset MicrosoftAppId to run without authentication on loopback.",
      {
        problems: [
          "MicrosoftAppPassword: required when MicrosoftAppId is set; set the bot registration's client secret, or unset MicrosoftAppId to run without authentication on loopback",
        ],
      },
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
    connectorTimeoutMs: e.SOCBOT_CONNECTOR_TIMEOUT_MS,
    shutdownGraceMs: e.SOCBOT_SHUTDOWN_GRACE_MS,
    botAuth: Object.freeze({
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    }),
    siem: Object.freeze({ secret: e.SIEM_WEBHOOK_SECRET }),
    metrics: Object.freeze({ token: e.METRICS_TOKEN }),
  };
}
