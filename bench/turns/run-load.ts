import { Agent, request } from 'node:http';
import type { ConnectorStandIn } from '../../test/helpers/connector-stand-in';
import type { ConversationScript } from './conversation-script';
import { summarise, type TurnLatency, type TurnStats } from './latency-stats';

/** One load run: `turns` turns over `conversations` conversations, `concurrency` at a time. */
export interface LoadOptions {
  serverUrl: string;
  connector: ConnectorStandIn;
  script: ConversationScript;
  concurrency: number;
  conversations: number;
  turns: number;
  /** Prefix of conversation ids, unique per run so runs do not continue each other's forms. */
  runId: string;
  /** Bound on one turn; a turn over it counts as an error. */
  turnTimeoutMs?: number;
  /** Called every ~1,000 turns (progress, RSS sampling). */
  onProgress?: (turnsDone: number) => void;
}

/** What went wrong, by kind, with one example each. */
export type ErrorSamples = Record<string, string>;

/**
 * Drives the server like a channel: worker k owns conversations k, k+C, k+2C… and sends their turns
 * round-robin, one at a time per conversation. A turn is timed from the POST until the server
 * answered it; the adapter posts the replies to the connector before it answers, so the reply has
 * arrived by then (checked: a turn without the expected reply text is an error).
 */
export async function runLoad(options: LoadOptions): Promise<TurnStats & { errorSamples: ErrorSamples }> {
  const { concurrency, conversations, turns, connector, script, serverUrl, runId } = options;
  const turnTimeoutMs = options.turnTimeoutMs ?? 10_000;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: TurnLatency[] = [];
  const errorSamples: ErrorSamples = {};
  let errors = 0;
  let started = 0;
  const turnOf = new Array<number>(conversations).fill(0);
  const fail = (kind: string, example: string): void => {
    errors += 1;
    errorSamples[kind] ??= example;
  };

  const oneTurn = async (conversation: number): Promise<void> => {
    const conversationId = `${runId}-c${conversation}`;
    const turn = turnOf[conversation] ?? 0;
    turnOf[conversation] = turn + 1;
    const activityId = `${conversationId}-t${turn}`;
    const scripted = script(turn, conversation, runId);
    const body = JSON.stringify({
      type: 'message',
      id: activityId,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: conversationId },
      from: { id: benchAnalystId(conversation), name: 'Analyst' },
      recipient: { id: 'socbot', name: 'socbot' },
      ...scripted.fields,
    });
    const t0 = process.hrtime.bigint();
    try {
      const status = await post(agent, `${serverUrl}/api/messages`, body, turnTimeoutMs);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const text = connector
        .takeRepliesTo(conversationId, activityId)
        .map((reply) => reply.activity.text ?? '')
        .join('\n');
      if (status !== 200) fail(`HTTP ${status}`, activityId);
      else if (!text.includes(scripted.expect))
        fail('unexpected reply', `${scripted.expect} ≠ ${text.slice(0, 200)}`);
      else latencies.push({ step: scripted.step, ms });
    } catch (error) {
      fail('no answer', `${activityId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const worker = async (k: number): Promise<void> => {
    const owned = Array.from(
      { length: Math.ceil((conversations - k) / concurrency) },
      (_, i) => k + i * concurrency,
    );
    for (let i = 0; owned.length > 0 && started < turns; i += 1) {
      started += 1;
      if (started % 1000 === 0) options.onProgress?.(started);
      await oneTurn(owned[i % owned.length] ?? k);
    }
  };

  const t0 = Date.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, conversations) }, (_, k) => worker(k)));
  const seconds = (Date.now() - t0) / 1000;
  agent.destroy();
  return { ...summarise(latencies, errors, seconds), errorSamples };
}

function post(agent: Agent, url: string, body: string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The analyst of a conversation: 16 analysts share the conversations (each has the analyst role). */
export const BENCH_ANALYSTS = 16;
export function benchAnalystId(conversation: number): string {
  return `bench-analyst-${conversation % BENCH_ANALYSTS}`;
}
