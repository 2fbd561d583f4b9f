import { z } from 'zod';
import type { AlertPriority } from '../alert-facts';

/**
 * The alert fields the triage prompt may carry; LLM_NEVER_SEND names some of them to withhold
 * (e.g. `username` for teams that must not send personal data to a cloud model).
 */
export const TRIAGE_FIELDS = [
  'title',
  'description',
  'system',
  'priority',
  'ip',
  'terminal',
  'username',
  'enrichment',
  'notes',
] as const;

/** One field of the triage prompt's data block. */
export type TriageField = (typeof TRIAGE_FIELDS)[number];

/** The validated AI triage settings: off unless LLM_BASE_URL is set. */
export type TriageConfig =
  | { enabled: false }
  | {
      enabled: true;
      /** LLM_BASE_URL: the OpenAI-compatible API root, e.g. https://api.openai.com/v1. */
      baseUrl: string;
      /** LLM_API_KEY: a secret, never logged; empty for a local server that takes none. */
      apiKey: string;
      /** LLM_MODEL: the deployed model's name, sent as `model`. */
      model: string;
      /** LLM_TIMEOUT_MS: deadline of one call. */
      timeoutMs: number;
      /** LLM_MAX_TOKENS: the answer's token budget (`max_tokens`). */
      maxTokens: number;
      /** LLM_NEVER_SEND: fields left out of every prompt. */
      neverSend: TriageField[];
      /** SOCBOT_TRIAGE_PRIORITIES: the SIEM alerts triaged on arrival. */
      priorities: AlertPriority[];
    };

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const TriageEnvSchema = z.object({
  LLM_BASE_URL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_MODEL: optionalText,
  LLM_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds from 1000 to 300000, e.g. 30000' })
    .int('must be a whole number of milliseconds, e.g. 30000')
    .min(1000, 'must be at least 1000 (one second); a model needs seconds to answer')
    .max(300_000, 'must be at most 300000 (five minutes)')
    .default(30_000),
  LLM_MAX_TOKENS: z.coerce
    .number({ error: 'must be a whole number of tokens from 100 to 16000, e.g. 800' })
    .int('must be a whole number of tokens, e.g. 800')
    .min(100, 'must be at least 100: the answer is a JSON object of seven fields')
    .max(16_000, 'must be at most 16000')
    .default(800),
  LLM_NEVER_SEND: optionalText,
  SOCBOT_TRIAGE_PRIORITIES: optionalText,
});

/**
 * Every environment variable the AI triage reads (documented in env.example.fragment).
 *
 * @example
 *   TRIAGE_VARIABLES.includes('LLM_BASE_URL'); // true
 */
export const TRIAGE_VARIABLES: readonly string[] = Object.keys(TriageEnvSchema.shape);

/**
 * Reads the LLM_* variables. Problems are pushed onto `problems` (`NAME: what is wrong; how to fix
 * it`) so the integration configuration reports them with its own, all at once.
 *
 * @example
 *   loadTriageConfig({}, problems); // { enabled: false }
 *   loadTriageConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_MODEL: 'llama3.1' }, problems).enabled; // true
 */
export function loadTriageConfig(env: NodeJS.ProcessEnv, problems: string[]): TriageConfig {
  const parsed = TriageEnvSchema.safeParse(env);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    return { enabled: false };
  }
  const e = parsed.data;
  if (!e.LLM_BASE_URL) return { enabled: false };
  const before = problems.length;
  if (!isHttpUrl(e.LLM_BASE_URL)) {
    // The value is not echoed: a URL may carry credentials.
    problems.push(
      'LLM_BASE_URL: not a valid http or https URL; set it to the OpenAI-compatible API root, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)',
    );
  }
  if (!e.LLM_MODEL)
    problems.push(
      'LLM_MODEL: required when LLM_BASE_URL is set; set it to the model name, e.g. gpt-4.1-mini',
    );
  const neverSend = commaList(e.LLM_NEVER_SEND);
  const unknownFields = neverSend.filter((field) => !(TRIAGE_FIELDS as readonly string[]).includes(field));
  if (unknownFields.length > 0)
    problems.push(
      `LLM_NEVER_SEND: unknown field "${unknownFields.join(', ')}"; use a comma list of ${TRIAGE_FIELDS.join(', ')}`,
    );
  const chosen = e.SOCBOT_TRIAGE_PRIORITIES ?? 'P1,P2,P3';
  const priorities = chosen.toLowerCase() === 'none' ? [] : commaList(chosen).map((p) => p.toUpperCase());
  const unknownPriorities = priorities.filter((p) => !(PRIORITIES as readonly string[]).includes(p));
  if (unknownPriorities.length > 0)
    problems.push(
      `SOCBOT_TRIAGE_PRIORITIES: unknown priority "${unknownPriorities.join(', ')}"; use a comma list of P1..P5, e.g. P1,P2,P3, or none (only triage on demand)`,
    );
  if (problems.length > before) return { enabled: false };
  return {
    enabled: true,
    baseUrl: e.LLM_BASE_URL,
    apiKey: e.LLM_API_KEY ?? '',
    model: e.LLM_MODEL ?? '',
    timeoutMs: e.LLM_TIMEOUT_MS,
    maxTokens: e.LLM_MAX_TOKENS,
    neverSend: neverSend as TriageField[],
    priorities: priorities as AlertPriority[],
  };
}

/**
 * One line for the start-up log and /healthz: whether triage is on, and where it sends alerts.
 *
 * @example
 *   describeTriage({ enabled: false }); // 'AI triage off (LLM_BASE_URL is empty: nothing is sent anywhere)'
 */
export function describeTriage(config: TriageConfig): string {
  if (!config.enabled) return 'AI triage off (LLM_BASE_URL is empty: nothing is sent anywhere)';
  const host = new URL(config.baseUrl).host;
  const withheld = config.neverSend.length > 0 ? `, never sending ${config.neverSend.join(', ')}` : '';
  return `AI triage on: model ${config.model} at ${host}${withheld}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
