import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Logger } from '../logger';
import { IntegrationError } from './integration-error';
import type { OperationContext } from './operation';
import { parseRetryAfter } from './retry-after';
import { joinUrl, safeUrl } from './safe-url';
import { scrubSecrets } from './scrub-secrets';

/** Largest response body socbot reads from a provider (an incident or a user is a few KB). */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** One client per provider: where, how long, which credentials, and what must never be shown. */
export interface HttpClientOptions {
  /** Provider name for messages and logs: `servicenow`, `jira`, `scim`, … */
  service: string;
  /** The configured base URL; request paths are joined to it. */
  baseUrl: string;
  /** Per-call deadline (INTEGRATION_TIMEOUT_MS). */
  timeoutMs: number;
  /** Sent on every request, e.g. `{ Authorization: 'Bearer …' }`. Never logged. */
  headers?: Record<string, string>;
  /** Values that must never appear in a message or log line (password, token, API key, secret). */
  secrets: readonly string[];
  /** Added to the 401/403 message, e.g. "check SERVICENOW_USER and SERVICENOW_PASSWORD". */
  authFixHint: string;
  logger: Logger;
}

/** One request; the body is serialized once, by JSON.stringify. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Path below the base URL. Values inside it must already be `encodeURIComponent`-ed. */
  path: string;
  /** Query parameters; axios encodes each value. */
  query?: Record<string, string | number>;
  /** Serialized with JSON.stringify, never concatenated. */
  body?: unknown;
  /**
   * Instead of `body`: fields sent as `application/x-www-form-urlencoded` (URLSearchParams encodes
   * each name and value; the Twilio API takes its parameters this way).
   */
  form?: Record<string, string>;
  /** Extra headers for this call; `signBody` sees the exact serialized body. */
  headers?: Record<string, string>;
  /** Computes headers from the exact bytes sent, e.g. an HMAC signature. */
  signBody?: (body: string) => Record<string, string>;
  /** Content type of the JSON body (SCIM wants `application/scim+json`). */
  contentType?: string;
}

/** A 2xx answer (or an accepted status), JSON parsed when it is JSON; header names lower-case. */
export interface HttpResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

/** A 2xx answer is returned; any other status becomes an IntegrationError unless listed here. */
export interface RequestOptions {
  /** Statuses to return instead of throwing (e.g. 400/409 for TheHive's "already exists"). */
  acceptStatus?: readonly number[];
}

/** What createHttpClient returns; providers use nothing else to reach the network. */
export interface HttpClient {
  request<T = unknown>(
    request: HttpRequest,
    ctx: Pick<OperationContext, 'signal'>,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>>;
}

/**
 * The one HTTP client every provider uses (axios underneath). Each call has a deadline and the
 * caller's AbortSignal; redirects are not followed (they could carry credentials to another host);
 * failures become `IntegrationError`s that say whether a retry can help:
 *
 * | answer | kind | retryable |
 * |---|---|---|
 * | 401, 403 | auth (message names the variables to check) | no |
 * | 429, 503 | rate-limited / unavailable, with `retryAfterMs` from Retry-After | yes |
 * | other 5xx, 408 | unavailable | yes |
 * | other 4xx | rejected | no |
 * | timeout, connection refused/reset | timeout / network | yes |
 *
 * Logs carry method, URL without credentials or query, status and duration; never headers.
 *
 * @example
 *   const http = createHttpClient({ service: 'servicenow', baseUrl, timeoutMs: 10_000,
 *     headers: { Authorization: basicAuth(user, password) }, secrets: [password],
 *     authFixHint: 'check SERVICENOW_USER and SERVICENOW_PASSWORD', logger });
 *   const { data } = await http.request({ method: 'GET', path: '/api/now/table/incident' }, ctx);
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const instance: AxiosInstance = axios.create({
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
    // Status handling is ours (the table above), not axios's.
    validateStatus: () => true,
    // Bodies are serialized once by us, so a signature covers exactly the bytes sent.
    transformRequest: [(data: unknown) => data],
    // Proxies: axios's default (HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment) is kept,
    // as SOC networks often reach SaaS only through one.
  });
  // The Authorization value counts as a secret too: a service echoing the header would otherwise
  // leak Basic credentials in base64.
  const authorization = Object.entries(options.headers ?? {})
    .filter(([name]) => name.toLowerCase() === 'authorization')
    .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')]);
  const secrets = [...options.secrets, ...authorization, ...urlSecrets(options.baseUrl)].filter(
    (secret) => secret.length > 0,
  );
  const clean = (text: string): string => scrubSecrets(text, secrets);

  return {
    async request<T>(
      request: HttpRequest,
      ctx: Pick<OperationContext, 'signal'>,
      extra: RequestOptions = {},
    ) {
      const url = joinUrl(options.baseUrl, request.path);
      const where = `${request.method} ${clean(safeUrl(url))}`;
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = AbortSignal.any([ctx.signal, timeout]);
      const body =
        request.form !== undefined
          ? new URLSearchParams(request.form).toString()
          : request.body === undefined
            ? undefined
            : JSON.stringify(request.body);
      const contentType =
        request.form !== undefined
          ? 'application/x-www-form-urlencoded'
          : (request.contentType ?? 'application/json');
      const headers: Record<string, string> = {
        Accept: 'application/json',
        ...options.headers,
        ...request.headers,
        ...(body !== undefined ? { 'Content-Type': contentType, ...request.signBody?.(body) } : {}),
      };
      const started = Date.now();
      let response: AxiosResponse<unknown>;
      try {
        response = await instance.request({
          method: request.method,
          url,
          params: request.query,
          data: body,
          headers,
          signal,
          responseType: 'text',
        });
      } catch (error) {
        const failure = transportFailure(error, { where, service: options.service, ctx, timeout, options });
        options.logger.warn(
          { service: options.service, call: where, kind: failure.kind, ms: Date.now() - started },
          clean(failure.message),
        );
        throw failure;
      }
      const status = response.status;
      options.logger.debug(
        { service: options.service, call: where, status, ms: Date.now() - started },
        'call',
      );
      const responseHeaders = flattenHeaders(response.headers);
      const data = parseJson(response.data);
      if ((status >= 200 && status < 300) || extra.acceptStatus?.includes(status)) {
        return { status, data: data as T, headers: responseHeaders };
      }
      const failure = statusFailure(status, responseHeaders, data, { where, options, clean });
      // The service's words go to the log only (scrubbed): people read `failure.message`.
      options.logger.warn(
        {
          service: options.service,
          call: where,
          status,
          kind: failure.kind,
          serviceAnswer: failure.serviceAnswer,
        },
        failure.message,
      );
      throw failure;
    },
  };
}

function statusFailure(
  status: number,
  headers: Record<string, string>,
  data: unknown,
  context: { where: string; options: HttpClientOptions; clean: (text: string) => string },
): IntegrationError {
  const { where, options, clean } = context;
  const service = options.service;
  // Scrubbed before it is shortened: a cut could leave part of an encoded secret unrecognised.
  const said = excerpt(clean(answerText(data)));
  const serviceAnswer = said ? { serviceAnswer: said } : {};
  if (status === 401 || status === 403) {
    return new IntegrationError(
      `${service} refused the credentials (${status}) on ${where}: ${options.authFixHint}.`,
      { service, kind: 'auth', retryable: false, status, ...serviceAnswer },
    );
  }
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    const wait = retryAfterMs !== undefined ? ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    return new IntegrationError(
      `${service} is ${status === 429 ? 'rate-limiting socbot' : 'temporarily unavailable'} (${status}) on ${where}; socbot will try again.${wait}`,
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
      `${service} failed (${status}) on ${where}; socbot will try again. The service's answer is in socbot's log.`,
      { service, kind: 'unavailable', retryable: true, status, ...serviceAnswer },
    );
  }
  if (status >= 300 && status < 400) {
    return new IntegrationError(
      `${service} answered with a redirect (${status}) on ${where}; socbot does not follow redirects. Set the final URL in the configuration.`,
      { service, kind: 'rejected', retryable: false, status },
    );
  }
  return new IntegrationError(
    `${service} rejected the request (${status}) on ${where}; sending it again will not help. Check the configuration (URL, project, permissions); the service's answer is in socbot's log.`,
    { service, kind: 'rejected', retryable: false, status, ...serviceAnswer },
  );
}

function transportFailure(
  error: unknown,
  context: {
    where: string;
    service: string;
    ctx: Pick<OperationContext, 'signal'>;
    timeout: AbortSignal;
    options: HttpClientOptions;
  },
): IntegrationError {
  const { where, service, ctx, timeout, options } = context;
  if (ctx.signal.aborted) {
    return new IntegrationError(
      `${service} call ${where} was cancelled before it finished; it can be attempted again.`,
      {
        service,
        kind: 'aborted',
        retryable: true,
      },
    );
  }
  if (timeout.aborted || (axios.isAxiosError(error) && error.code === 'ECONNABORTED')) {
    return new IntegrationError(
      `${service} did not answer ${where} within ${options.timeoutMs} ms; socbot will try again. Raise INTEGRATION_TIMEOUT_MS if the service is just slow.`,
      { service, kind: 'timeout', retryable: true },
    );
  }
  const code = axios.isAxiosError(error) ? (error.code ?? 'unknown') : 'unknown';
  if (code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED' || code === 'ERR_BAD_RESPONSE') {
    return new IntegrationError(`${service} sent an answer socbot cannot read (${code}) on ${where}.`, {
      service,
      kind: 'invalid-response',
      retryable: true,
    });
  }
  if (code === 'ERR_INVALID_URL' || code === 'ERR_BAD_OPTION_VALUE') {
    return new IntegrationError(
      `${service} URL is not usable (${code}) on ${where}. Fix the URL in the configuration.`,
      {
        service,
        kind: 'rejected',
        retryable: false,
      },
    );
  }
  // Only the error code is kept: the library's message may quote the URL with its credentials.
  return new IntegrationError(
    `${service} could not be reached on ${where} (${code}); socbot will try again. Check that the URL is right and the service is up.`,
    { service, kind: 'network', retryable: true },
  );
}

/**
 * A configured URL's password and query values (a Workflows `sig`, an `?apikey=`): a service may
 * echo the URL back, and safeUrl() only covers the URLs socbot writes itself.
 */
function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.password, ...parsed.searchParams.values()];
  } catch {
    return [];
  }
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') flat[name.toLowerCase()] = value;
    else if (Array.isArray(value)) flat[name.toLowerCase()] = value.join(', ');
    else if (value !== undefined && value !== null) flat[name.toLowerCase()] = String(value);
  }
  return flat;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The service's error answer as one line of text. */
function answerText(data: unknown): string {
  const text = typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data);
  return text.replace(/\s+/g, ' ').trim();
}

/** A short piece of the service's answer, to help whoever reads the log. */
function excerpt(line: string): string {
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
