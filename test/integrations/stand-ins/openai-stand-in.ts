import { startStandIn, type RecordedRequest, type StandIn, type StandInAnswer } from './stand-in-server';

/** A chat completion as OpenAI's `POST /v1/chat/completions` returns it, carrying `content`. */
export function completion(content: string, model = 'stand-in-model', finishReason = 'stop'): StandInAnswer {
  return {
    status: 200,
    body: {
      id: 'chatcmpl-standin',
      object: 'chat.completion',
      created: 1_780_000_000,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          finish_reason: finishReason,
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
    },
  };
}

/** OpenAI's error body shape. */
export function apiError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): StandInAnswer {
  return {
    status,
    headers,
    body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
  };
}

/** A valid triage answer in the model's terms (overridable per field). */
export function triageJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    summary: 'User DDIC debugged and replaced values in PRD from an unknown terminal.',
    recommendation: 'escalate',
    reason: 'Debug & replace in production without a firefighter session.',
    classification: 'True Positive',
    severity: 9,
    confidence: 7,
    artifacts: ['DDIC', 'PC-0815', '10.1.2.3'],
    ...overrides,
  });
}

/**
 * An OpenAI-compatible server on 127.0.0.1 that checks what a real one checks: the bearer key
 * (401 otherwise), the path `/v1/chat/completions` (404), a JSON body with the model and a strict
 * json_schema response format (400). By default it answers a valid triage; tests script others.
 */
export async function startOpenAiStandIn(options: { apiKey: string; model: string }): Promise<StandIn> {
  return startStandIn((request: RecordedRequest) => {
    if (request.headers.authorization !== `Bearer ${options.apiKey}`)
      return apiError(401, 'Incorrect API key provided');
    if (request.method !== 'POST' || request.url.pathname !== '/v1/chat/completions')
      return apiError(404, 'Not found');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return apiError(400, 'We could not parse the JSON body of your request.');
    }
    if (body.model !== options.model) return apiError(404, `The model does not exist`);
    const format = body.response_format as {
      type?: string;
      json_schema?: { strict?: boolean; schema?: unknown; name?: string };
    };
    if (
      format?.type !== 'json_schema' ||
      format.json_schema?.strict !== true ||
      !format.json_schema.schema ||
      !format.json_schema.name
    ) {
      return apiError(400, 'response_format must be a strict json_schema');
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return apiError(400, 'messages is required');
    return completion(triageJson(), options.model);
  });
}
