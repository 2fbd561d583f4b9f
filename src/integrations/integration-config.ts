import { z } from 'zod';
import { configInvalid, problemsIn } from '../config/config-problems';
import { isAcceptableSecret, MIN_SECRET_CHARS, SECRET_ADVICE } from '../config/signing-secret';
import { isSocbotError } from '../errors';
import { DEFAULT_ACK_TTL_HOURS } from './ack-token';
import {
  ENRICHMENT_VARIABLES,
  loadEnrichmentConfig,
  type EnrichmentConfig,
} from './enrichment/enrichment-config';
import { loadTriageConfig, TRIAGE_VARIABLES, type TriageConfig } from './triage/triage-config';

/** Where registered alerts become tickets. */
export type TicketingConfig =
  | { provider: 'none' }
  | { provider: 'servicenow'; url: string; user: string; password: string }
  | { provider: 'jira'; url: string; user: string; token: string; project: string; issueType: string }
  | { provider: 'thehive'; url: string; apiKey: string }
  | { provider: 'webhook'; url: string; secret: string };

/** One way to block an attacker; several may be configured at once. */
export type BlockingConfig =
  { provider: 'webhook'; url: string; secret: string } | { provider: 'scim'; url: string; token: string };

/** The channels one audience (Basis, SOC leads, executives) is told on. */
export interface NotifyTargets {
  /** A proactive Bot Framework message to the conversations the team registered. */
  teams: boolean;
  /** An Adaptive Card POSTed to a Teams Workflows (or compatible) webhook. */
  webhook?: { url: string };
  /** An e-mail to these addresses. */
  email?: { to: string[] };
  /** A text message (Twilio) to each of these E.164 numbers (SOC leads and executives only). */
  sms?: { to: string[] };
}

/** The Twilio account SMS go out from (TWILIO_*). */
export interface TwilioConfig {
  accountSid: string;
  /** TWILIO_AUTH_TOKEN: a secret, never logged. */
  authToken: string;
  /** TWILIO_FROM: the sending number (E.164) or a Messaging Service SID (`MG…`). */
  from: string;
  /** TWILIO_API_URL (default https://api.twilio.com): a stand-in in tests. */
  apiUrl: string;
}

/** The validated integration settings. */
export interface IntegrationConfig {
  /** Deadline of one outbound call. */
  timeoutMs: number;
  ticketing: TicketingConfig;
  blocking: BlockingConfig[];
  basis: NotifyTargets;
  /** LEADS_NOTIFY: the SOC leads, told of every P1/P2 alert at once (src/app/escalation.ts). */
  leads: NotifyTargets;
  /** EXEC_NOTIFY: the executives, told of P1 at once and of an unacknowledged P2 after the delay. */
  exec: NotifyTargets;
  /** Set when any audience is told by SMS. */
  twilio?: TwilioConfig;
  /** Set when any audience is told by e-mail. */
  smtp?: { url: string; from: string };
  /** Set when a webhook or e-mail notice carries an acknowledge link. */
  ack?: { publicBaseUrl: string; secret: string; ttlHours: number };
  /**
   * BASIS_ACK_SECRET, the one place it is read and checked: what the acknowledge route
   * (/api/basis/ack) verifies links with. Empty: the route is off. Never shorter than
   * MIN_SECRET_CHARS, whether or not this deployment sends links.
   */
  basisAckSecret: string;
  /** BASIS_ACK_TTL_HOURS: an acknowledge link older than this answers 410 (1–2160, default 72). */
  basisAckTtlHours: number;
  /** Indicator look-ups (VirusTotal, AbuseIPDB, GreyNoise, Shodan, MISP): enrichment/enrichment-config.ts. */
  enrichment: EnrichmentConfig;
  /** LLM_*: AI triage of alerts (src/integrations/triage/); off when LLM_BASE_URL is empty. */
  triage: TriageConfig;
}

/** The longest an acknowledge link may live: 90 days. */
const MAX_ACK_TTL_HOURS = 2160;
const ACK_TTL_ADVICE = `must be a whole number of hours from 1 to ${MAX_ACK_TTL_HOURS} (90 days), e.g. 72 for three days (the default)`;

const NOTIFY_CHANNELS = ['teams', 'webhook', 'email', 'sms'] as const;
/** An E.164 phone number: `+`, country code, subscriber number, at most 15 digits. */
const E164 = /^\+[1-9]\d{6,14}$/;
/** TWILIO_FROM may also name a Messaging Service. */
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';
const BLOCK_PROVIDERS = ['none', 'webhook', 'scim'] as const;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const EnvSchema = z.object({
  TICKETING: z
    .string()
    .trim()
    .toLowerCase()
    .default('none')
    .pipe(z.enum(['none', 'servicenow', 'jira', 'thehive', 'webhook'])),
  SERVICENOW_URL: optionalText,
  SERVICENOW_USER: optionalText,
  SERVICENOW_PASSWORD: optionalText,
  JIRA_URL: optionalText,
  JIRA_USER: optionalText,
  JIRA_TOKEN: optionalText,
  JIRA_PROJECT: optionalText,
  JIRA_ISSUE_TYPE: optionalText,
  THEHIVE_URL: optionalText,
  THEHIVE_API_KEY: optionalText,
  ALERT_WEBHOOK_URL: optionalText,
  WEBHOOK_SECRET: optionalText,
  BLOCK: optionalText,
  BLOCK_WEBHOOK_URL: optionalText,
  BLOCK_WEBHOOK_SECRET: optionalText,
  SCIM_URL: optionalText,
  SCIM_TOKEN: optionalText,
  BASIS_NOTIFY: optionalText,
  BASIS_WEBHOOK_URL: optionalText,
  BASIS_EMAIL_TO: optionalText,
  LEADS_NOTIFY: optionalText,
  LEADS_WEBHOOK_URL: optionalText,
  LEADS_EMAIL_TO: optionalText,
  LEADS_SMS_TO: optionalText,
  EXEC_NOTIFY: optionalText,
  EXEC_WEBHOOK_URL: optionalText,
  EXEC_EMAIL_TO: optionalText,
  EXEC_SMS_TO: optionalText,
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM: optionalText,
  TWILIO_API_URL: optionalText,
  SMTP_URL: optionalText,
  SMTP_FROM: optionalText,
  PUBLIC_BASE_URL: optionalText,
  BASIS_ACK_SECRET: optionalText,
  /** How long an acknowledge link works after its notice was sent. */
  BASIS_ACK_TTL_HOURS: z.coerce
    .number({ error: ACK_TTL_ADVICE })
    .int(ACK_TTL_ADVICE)
    .min(1, ACK_TTL_ADVICE)
    .max(MAX_ACK_TTL_HOURS, ACK_TTL_ADVICE)
    .default(DEFAULT_ACK_TTL_HOURS),
  INTEGRATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

type Env = z.infer<typeof EnvSchema>;

/**
 * Every environment variable the integrations read (documented in env.example.fragment).
 *
 * @example
 *   INTEGRATION_VARIABLES.includes('SERVICENOW_URL'); // true
 */
export const INTEGRATION_VARIABLES: readonly string[] = [
  ...Object.keys(EnvSchema.shape),
  ...ENRICHMENT_VARIABLES,
  ...TRIAGE_VARIABLES,
];

/**
 * Reads the integration variables (see src/integrations/env.example.fragment). Every problem is
 * collected and reported at once, naming the variable and what to set; nothing is half-configured.
 *
 * @example
 *   const config = loadIntegrationConfig({ TICKETING: 'servicenow', SERVICENOW_URL: 'https://acme.service-now.com',
 *     SERVICENOW_USER: 'socbot', SERVICENOW_PASSWORD: '…' });
 *   config.ticketing.provider; // 'servicenow'
 */
export function loadIntegrationConfig(env: NodeJS.ProcessEnv): IntegrationConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return name === 'TICKETING'
          ? 'TICKETING: must be one of none, servicenow, jira, thehive, webhook'
          : `${name}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const check = new Checker(e, problems);

  const ticketing = readTicketing(e, check);
  const blocking = readBlocking(e, check, problems);
  const basis = readTargets('BASIS', e.BASIS_NOTIFY, check, problems);
  const leads = readTargets('LEADS', e.LEADS_NOTIFY, check, problems);
  const exec = readTargets('EXEC', e.EXEC_NOTIFY, check, problems);

  const usesEmail = Boolean(basis.email ?? leads.email ?? exec.email);
  const smtp = usesEmail
    ? {
        url: check.url('SMTP_URL', 'the SMTP server, e.g. smtp://user:password@mail.example.com:587', [
          'smtp:',
          'smtps:',
        ]),
        from: check.email('SMTP_FROM', 'the sender address, e.g. socbot@example.com'),
      }
    : undefined;
  const twilio = (leads.sms ?? exec.sms) ? readTwilio(e, check, problems) : undefined;
  // An SMS carries the acknowledge link too: escalation stops only when someone acknowledges.
  const linksAck = Boolean(
    basis.webhook ??
    basis.email ??
    leads.webhook ??
    leads.email ??
    leads.sms ??
    exec.webhook ??
    exec.email ??
    exec.sms,
  );
  const ack = linksAck
    ? {
        publicBaseUrl: check.url(
          'PUBLIC_BASE_URL',
          "socbot's public address for acknowledge links, e.g. https://socbot.example.com",
        ),
        secret: check.secret('BASIS_ACK_SECRET', 'signs acknowledge links'),
        ttlHours: e.BASIS_ACK_TTL_HOURS,
      }
    : undefined;
  // Checked even without links: the acknowledge route verifies links with it all the same.
  const basisAckSecret = ack?.secret ?? check.optionalSecret('BASIS_ACK_SECRET');
  const enrichment = readEnrichment(env, e.INTEGRATION_TIMEOUT_MS, problems);
  const triage = loadTriageConfig(env, problems);

  if (problems.length > 0 || !enrichment) throw invalid(problems);
  return {
    timeoutMs: e.INTEGRATION_TIMEOUT_MS,
    ticketing,
    blocking,
    basis,
    leads,
    exec,
    ...(twilio ? { twilio } : {}),
    ...(smtp ? { smtp } : {}),
    ...(ack ? { ack } : {}),
    basisAckSecret,
    basisAckTtlHours: e.BASIS_ACK_TTL_HOURS,
    enrichment,
    triage,
  };
}

/** The enrichment section, its problems reported with the others'. */
function readEnrichment(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  problems: string[],
): EnrichmentConfig | undefined {
  try {
    return loadEnrichmentConfig(env, timeoutMs);
  } catch (error) {
    if (!isSocbotError(error, 'CONFIG_INVALID')) throw error;
    problems.push(...problemsIn(error));
    return undefined;
  }
}

function readTicketing(e: Env, check: Checker): TicketingConfig {
  const because = `TICKETING=${e.TICKETING}`;
  switch (e.TICKETING) {
    case 'none':
      return { provider: 'none' };
    case 'servicenow':
      return {
        provider: 'servicenow',
        url: check.url(
          'SERVICENOW_URL',
          'the instance URL, e.g. https://acme.service-now.com',
          undefined,
          because,
        ),
        user: check.text('SERVICENOW_USER', 'the integration user (needs the itil role)', because),
        password: check.text('SERVICENOW_PASSWORD', "that user's password", because),
      };
    case 'jira':
      return {
        provider: 'jira',
        url: check.url('JIRA_URL', 'the site URL, e.g. https://acme.atlassian.net', undefined, because),
        user: check.text('JIRA_USER', 'the account e-mail', because),
        token: check.text('JIRA_TOKEN', 'an API token of that account', because),
        project: check.text('JIRA_PROJECT', 'the project key, e.g. SOC', because),
        issueType: e.JIRA_ISSUE_TYPE ?? 'Task',
      };
    case 'thehive':
      return {
        provider: 'thehive',
        url: check.url(
          'THEHIVE_URL',
          'the TheHive 5 URL, e.g. https://thehive.example.com',
          undefined,
          because,
        ),
        apiKey: check.text('THEHIVE_API_KEY', 'the API key of an account allowed to create alerts', because),
      };
    case 'webhook':
      return {
        provider: 'webhook',
        url: check.url('ALERT_WEBHOOK_URL', 'where alerts are POSTed', undefined, because),
        secret: check.secret('WEBHOOK_SECRET', 'signs the POSTs', because),
      };
  }
}

function readBlocking(e: Env, check: Checker, problems: string[]): BlockingConfig[] {
  const chosen = commaList(e.BLOCK ?? 'none');
  const unknown = chosen.filter((name) => !(BLOCK_PROVIDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    problems.push(`BLOCK: unknown value "${unknown.join(', ')}"; use none, webhook, scim or "webhook,scim"`);
    return [];
  }
  const blocking: BlockingConfig[] = [];
  if (chosen.includes('webhook')) {
    const url = check.url(
      'BLOCK_WEBHOOK_URL',
      'the firewall/NAC endpoint',
      undefined,
      'BLOCK includes webhook',
    );
    const secret = e.BLOCK_WEBHOOK_SECRET ?? e.WEBHOOK_SECRET;
    if (!secret || !isAcceptableSecret(secret)) {
      problems.push(
        `BLOCK_WEBHOOK_SECRET: required (at least ${MIN_SECRET_CHARS} characters; WEBHOOK_SECRET is used when unset) when BLOCK includes webhook, so the receiver can refuse forged block requests; generate one with \`openssl rand -hex 32\``,
      );
    }
    blocking.push({ provider: 'webhook', url, secret: secret ?? '' });
  }
  if (chosen.includes('scim')) {
    blocking.push({
      provider: 'scim',
      url: check.url(
        'SCIM_URL',
        'the SCIM 2.0 base URL (the one /Users hangs off)',
        undefined,
        'BLOCK includes scim',
      ),
      token: check.text('SCIM_TOKEN', 'a bearer token allowed to deactivate users', 'BLOCK includes scim'),
    });
  }
  return blocking;
}

function readTwilio(e: Env, check: Checker, problems: string[]): TwilioConfig {
  const because = 'LEADS_NOTIFY or EXEC_NOTIFY includes sms';
  const accountSid = check.text('TWILIO_ACCOUNT_SID', 'the Account SID (AC…, Twilio Console)', because);
  if (accountSid && !ACCOUNT_SID.test(accountSid))
    problems.push(
      'TWILIO_ACCOUNT_SID: not an Account SID; it is "AC" and 32 hexadecimal characters (Twilio Console, Account Info)',
    );
  const authToken = check.text('TWILIO_AUTH_TOKEN', "that account's Auth Token", because);
  const from = check.text(
    'TWILIO_FROM',
    'the sending number in E.164 (e.g. +15017122661) or a Messaging Service SID (MG…)',
    because,
  );
  if (from && !E164.test(from) && !MESSAGING_SERVICE_SID.test(from))
    problems.push(
      `TWILIO_FROM: "${from}" is neither an E.164 number (+ and up to 15 digits, e.g. +15017122661) nor a Messaging Service SID (MG…)`,
    );
  const apiUrl = e.TWILIO_API_URL
    ? check.url('TWILIO_API_URL', 'the Twilio API base URL (default https://api.twilio.com)')
    : DEFAULT_TWILIO_API_URL;
  return { accountSid, authToken, from, apiUrl };
}

function readTargets(
  audience: 'BASIS' | 'LEADS' | 'EXEC',
  list: string | undefined,
  check: Checker,
  problems: string[],
): NotifyTargets {
  const name = `${audience}_NOTIFY`;
  const chosen = commaList(list ?? '').filter((value) => value !== 'none');
  const unknown = chosen.filter((value) => !(NOTIFY_CHANNELS as readonly string[]).includes(value));
  if (unknown.length > 0) {
    problems.push(
      `${name}: unknown value "${unknown.join(', ')}"; use a comma list of teams, webhook, email${audience === 'BASIS' ? '' : ', sms'}`,
    );
  }
  // Basis gets the request itself (what to act on), which does not fit a text message.
  if (audience === 'BASIS' && chosen.includes('sms'))
    problems.push(
      'BASIS_NOTIFY: sms is for the escalation audiences (LEADS_NOTIFY, EXEC_NOTIFY); use teams, webhook or email for Basis',
    );
  // No "register this channel for exec notifications" exists yet: executives are reached directly.
  if (audience === 'EXEC' && chosen.includes('teams'))
    problems.push(
      'EXEC_NOTIFY: teams is not available for executives yet (no Teams channel can be registered for them); use webhook, email or sms',
    );
  const because = (channel: string): string => `${name} includes ${channel}`;
  return {
    teams: chosen.includes('teams'),
    ...(chosen.includes('webhook')
      ? {
          webhook: {
            url: check.url(
              `${audience}_WEBHOOK_URL`,
              'the Teams Workflows "When a Teams webhook request is received" URL',
              undefined,
              because('webhook'),
            ),
          },
        }
      : {}),
    ...(chosen.includes('email')
      ? {
          email: {
            to: check.emailList(`${audience}_EMAIL_TO`, 'comma-separated addresses', because('email')),
          },
        }
      : {}),
    ...(chosen.includes('sms') && audience !== 'BASIS'
      ? { sms: { to: check.phoneList(`${audience}_SMS_TO`, because('sms')) } }
      : {}),
  };
}

/** Reads one variable at a time, recording what is missing or malformed and how to fix it. */
class Checker {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    return (this.env as Record<string, unknown>)[name] as string | undefined;
  }

  text(name: string, what: string, because?: string): string {
    const value = this.raw(name);
    if (!value)
      this.problems.push(`${name}: required${because ? ` when ${because}` : ''}; set it to ${what}`);
    return value ?? '';
  }

  url(name: string, what: string, protocols: string[] = ['https:', 'http:'], because?: string): string {
    const value = this.text(name, what, because);
    if (!value) return '';
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !protocols.includes(parsed.protocol)) {
      // The value itself is not echoed: URLs may carry credentials or signatures.
      this.problems.push(`${name}: not a valid ${protocols.join(' or ')} URL; set it to ${what}`);
    }
    return value;
  }

  secret(name: string, what: string, because?: string): string {
    this.text(name, `a random secret of at least ${MIN_SECRET_CHARS} characters that ${what}`, because);
    return this.optionalSecret(name);
  }

  /** A secret that may be unset (''), but never short when set. */
  optionalSecret(name: string): string {
    const value = this.raw(name) ?? '';
    if (!isAcceptableSecret(value)) this.problems.push(`${name}: too short; ${SECRET_ADVICE}`);
    return value;
  }

  email(name: string, what: string): string {
    const value = this.text(name, what);
    if (value && !EMAIL.test(value))
      this.problems.push(`${name}: "${value}" is not an e-mail address; set it to ${what}`);
    return value;
  }

  /** Comma-separated E.164 numbers, written with or without spaces and dashes. */
  phoneList(name: string, because: string): string[] {
    const what = 'comma-separated phone numbers in E.164, e.g. +4915123456789,+14155550100';
    const values = commaList(this.text(name, what, because), false).map(compactPhone);
    const bad = values.filter((value) => !E164.test(value));
    if (bad.length > 0)
      this.problems.push(
        `${name}: not E.164 phone numbers: ${bad.join(', ')}; write each as + country code and number, e.g. +4915123456789`,
      );
    if (new Set(values).size !== values.length) this.problems.push(`${name}: a number is listed twice`);
    return values;
  }

  emailList(name: string, what: string, because: string): string[] {
    const values = commaList(this.text(name, what, because), false);
    const bad = values.filter((value) => !EMAIL.test(value));
    if (bad.length > 0) this.problems.push(`${name}: not e-mail addresses: ${bad.join(', ')}`);
    return values;
  }
}

/** `+49 151 2345-6789` → `+4915123456789`: spaces, dashes, dots and brackets are for people. */
function compactPhone(value: string): string {
  return value.replace(/[\s().-]/g, '');
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

function commaList(value: string, lowerCase = true): string[] {
  return value
    .split(',')
    .map((part) => (lowerCase ? part.trim().toLowerCase() : part.trim()))
    .filter((part) => part.length > 0);
}

function invalid(problems: string[]): ReturnType<typeof configInvalid> {
  return configInvalid('integration configuration', problems);
}
