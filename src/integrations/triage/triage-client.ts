import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import type { Logger } from '../../logger';
import { IntegrationError } from '../integration-error';
import { parseRetryAfter } from '../retry-after';
import { safeUrl } from '../safe-url';
import { scrubSecrets } from '../scrub-secrets';
import { TRIAGE_JSON_SCHEMA } from './triage-answer';
import type { TriageMessages } from './triage-prompt';

/** The service name on IntegrationErrors and log lines. */
export const TRIAGE_SERVICE = 'llm-triage';
/** The `json_schema.name` of the response format. */
export const TRIAGE_SCHEMA_NAME = 'socbot_triage';

/** Where and how to call the model (from TriageConfig). */
export interface TriageClientOptions {
  baseUrl: string;
  /** Never logged; a placeholder is sent when empty (local servers such as Ollama take none). */
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxTokens: number;
  logger: Logger;
}

/** The model's message content and what the server said about it. */
export interface ChatAnswer {
  content: string | null;
  /** `stop`, or `length` when the token budget cut the answer off. */
  finishReason: string | undefined;
  /** The model that answered, as the server names it (may differ from the one asked for). */
  model: string;
}

/** One chat completion: one attempt, no retries of its own (the outbox retries). */
export interface TriageClient {
  complete(messages: TriageMessages, signal: AbortSignal): Promise<ChatAnswer>;
}

/**
 * The official `openai` client (6.x) against any OpenAI-compatible server: `POST {baseUrl}/chat/completions`
 * with a strict `json_schema` response format. One attempt per call (`maxRetries: 0`); failures are
 * IntegrationErrors like src/integrations/http-client.ts makes them: 401/403 `auth`, 429
 * `rate-limited` with Retry-After, 5xx `unavailable`, deadline `timeout`, refused `network`,
 * other 4xx `rejected`. Messages never quote the server (its words go to the log only) and never
 * carry the key; the request is logged at debug level without headers.
 *
 * @example
 *   const client = createTriageClient({ baseUrl, apiKey, model: 'gpt-4.1-mini', timeoutMs: 30_000, maxTokens: 800, logger });
 *   const answer = await client.complete(buildTriageMessages(alert, instructions, []), signal);
 */
export function createTriageClient(options: TriageClientOptions): TriageClient {
  const openai = new OpenAI({
    baseURL: options.baseUrl,
    // The client refuses to start without a key; a local server ignores this one.
    apiKey: options.apiKey || 'no-key-configured',
    // Not from the environment: only the LLM_* variables decide what is sent.
    organization: null,
    project: null,
    // A backstop only: the deadline below decides, so a timeout is told apart from a cut connection
    // whatever the fetch implementation throws.
    timeout: options.timeoutMs + 1000,
    maxRetries: 0,
    // The library logs nothing of its own: socbot's logger decides what is written, without secrets.
    logLevel: 'off',
  });
  const where = `POST ${safeUrl(`${options.baseUrl.replace(/\/+$/, '')}/chat/completions`)}`;
  return {
    async complete(messages, signal) {
      options.logger.debug(
        { service: TRIAGE_SERVICE, call: where, model: options.model, sent: messages.data },
        'triage request',
      );
      const started = Date.now();
      const deadline = AbortSignal.timeout(options.timeoutMs);
      try {
        const completion = await openai.chat.completions.create(
          {
            model: options.model,
            messages: [
              { role: 'system', content: messages.system },
              { role: 'user', content: messages.user },
            ],
            max_tokens: options.maxTokens,
            response_format: {
              type: 'json_schema',
              json_schema: { name: TRIAGE_SCHEMA_NAME, strict: true, schema: TRIAGE_JSON_SCHEMA },
            },
          },
          { signal: AbortSignal.any([signal, deadline]) },
        );
        options.logger.debug(
          { service: TRIAGE_SERVICE, call: where, ms: Date.now() - started },
          'triage answer',
        );
        const choice = completion.choices?.[0];
        return {
          content: choice?.message?.content ?? null,
          finishReason: choice?.finish_reason ?? undefined,
          model: servedModel(completion.model) ?? options.model,
        };
      } catch (error) {
        const failure = triageFailure(error, {
          where,
          timeoutMs: options.timeoutMs,
          signal,
          deadline,
          apiKey: options.apiKey,
        });
        options.logger.warn(
          {
            service: TRIAGE_SERVICE,
            call: where,
            kind: failure.kind,
            status: failure.status,
            ms: Date.now() - started,
            serviceAnswer: failure.serviceAnswer,
          },
          failure.message,
        );
        throw failure;
      }
    },
  };
}

/** The library's error as socbot's IntegrationError (no `cause`: library errors carry headers). */
function triageFailure(
  error: unknown,
  context: { where: string; timeoutMs: number; signal: AbortSignal; deadline: AbortSignal; apiKey: string },
): IntegrationError {
  const { where, timeoutMs, signal, deadline, apiKey } = context;
  const service = TRIAGE_SERVICE;
  if (signal.aborted) {
    return new IntegrationError(
      `AI triage call ${where} was cancelled before it finished; it can be attempted again.`,
      {
        service,
        kind: 'aborted',
        retryable: true,
      },
    );
  }
  if (deadline.aborted || error instanceof APIConnectionTimeoutError) {
    return new IntegrationError(
      `The AI triage model did not answer ${where} within ${timeoutMs} ms; socbot will try again. Raise LLM_TIMEOUT_MS if the model is just slow.`,
      { service, kind: 'timeout', retryable: true },
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const serviceAnswer = error.error
      ? { serviceAnswer: excerpt(scrubSecrets(JSON.stringify(error.error), apiKey ? [apiKey] : [])) }
      : {};
    if (status === 401 || status === 403) {
      return new IntegrationError(
        `The AI triage server refused the credentials (${status}) on ${where}: check LLM_API_KEY (and that it may use LLM_MODEL).`,
        { service, kind: 'auth', retryable: false, status, ...serviceAnswer },
      );
    }
    if (status === 429 || status === 503) {
      const retryAfterMs = parseRetryAfter(error.headers?.get('retry-after') ?? undefined);
      const wait = retryAfterMs !== undefined ? ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
      return new IntegrationError(
        `The AI triage server is ${status === 429 ? 'rate-limiting socbot' : 'temporarily unavailable'} (${status}) on ${where}; socbot will try again.${wait}`,
        {
          service,
          kind: status === 429 ? 'rate-limited' : 'unavailable',
          retryable: true,
          status,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          ...serviceAnswer,
        },
      );
    }
    if (status >= 500 || status === 408) {
      return new IntegrationError(
        `The AI triage server failed (${status}) on ${where}; socbot will try again. Its answer is in socbot's log.`,
        { service, kind: 'unavailable', retryable: true, status, ...serviceAnswer },
      );
    }
    return new IntegrationError(
      `The AI triage server rejected the request (${status}) on ${where}; sending it again will not help. Check LLM_BASE_URL, LLM_MODEL and that the server supports json_schema response formats; its answer is in socbot's log.`,
      { service, kind: 'rejected', retryable: false, status, ...serviceAnswer },
    );
  }
  // A connection error (refused, reset, DNS); only its class is kept, the message may quote the URL.
  const what = error instanceof Error ? error.constructor.name : 'unknown error';
  return new IntegrationError(
    `The AI triage server could not be reached on ${where} (${what}); socbot will try again. Check LLM_BASE_URL and that the server is up.`,
    { service, kind: 'network', retryable: true },
  );
}

function excerpt(text: string): string {
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/**
 * The model name the server says answered, when it is a plausible name: it is shown on cards and in
 * chat, so a server cannot put a long text or markup there.
 */
function servedModel(name: unknown): string | undefined {
  return typeof name === 'string' && /^[\w.:/@+-]{1,100}$/.test(name) ? name : undefined;
}
