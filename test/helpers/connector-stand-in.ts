import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent to the connector. */
export interface ConnectorReply {
  conversationId: string;
  /** The activity id this one answers (empty for a new activity in the conversation). */
  replyToId: string;
  activity: { type?: string; text?: string; [key: string]: unknown };
}

/** A conversation the bot created (`POST /v3/conversations`), with the parameters it sent. */
export interface CreatedConversation {
  /** The id the stand-in gave it: a Teams reply chain's `<channel id>;messageid=<n>`. */
  id: string;
  parameters: {
    isGroup?: boolean;
    channelData?: { channel?: { id?: string }; tenant?: { id?: string } };
    tenantId?: string;
    bot?: { id?: string; name?: string };
    activity?: ConnectorReply['activity'];
    [key: string]: unknown;
  };
}

/**
 * A stand-in for the Bot Framework connector service on 127.0.0.1: it accepts what a bot posts to
 * `{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]`, and the creation of a conversation
 * (`POST {serviceUrl}/v3/conversations`, as Teams starts a reply chain in a channel: the answer's id
 * is the channel's id with `;messageid=<n>`, and the first activity is recorded as a reply in the
 * new conversation), records it, and lets a test or a
 * benchmark wait for the reply to a given activity. Pass its `serviceUrl` in the activities you send.
 *
 * @example
 *   const connector = await startConnectorStandIn();
 *   const reply = connector.waitForReply('conv-1', 'act-1');
 *   await post(`${server.url}/api/messages`, { type: 'message', serviceUrl: connector.serviceUrl, ... });
 *   expect((await reply).activity.text).toBe('echo: hi');
 */
export interface ConnectorStandIn {
  serviceUrl: string;
  /** Every reply received so far, in arrival order. */
  readonly replies: readonly ConnectorReply[];
  /** Replies of one conversation, in arrival order. */
  repliesOf(conversationId: string): ConnectorReply[];
  /** Replies to one activity, in arrival order (indexed: cheap for benchmarks). */
  repliesTo(conversationId: string, replyToId: string): ConnectorReply[];
  /** Replies to one activity, removed from the index: a load generator takes each turn's replies once. */
  takeRepliesTo(conversationId: string, replyToId: string): ConnectorReply[];
  /**
   * Empties the arrival-order log (`replies`, `repliesOf`) but keeps the per-activity index, so
   * replies of turns still in flight are not lost (a benchmark bounds its memory with this).
   */
  clearLog(): void;
  /** Forgets every reply received so far (between benchmark phases, when no turn is in flight). */
  clear(): void;
  /**
   * Holds the connector's answer to every reply of `conversationId` for `ms`, so the bot's turn stays
   * in flight (it awaits the connector) long enough for a test to act meanwhile.
   */
  holdReplies(conversationId: string, ms: number): void;
  /**
   * Answers the next posts to `conversationId` with these HTTP statuses, in order (then 200 again).
   * A post answered with an error status is refused: it is not recorded as a reply.
   */
  answerWith(conversationId: string, statuses: readonly number[]): void;
  /**
   * Takes the next post to `conversationId` only after `ms`, and only if the bot still waits for the
   * answer then: a post whose request the bot aborted meanwhile is not recorded as a reply, like a
   * connector that never accepted it. A bot that does not abort gets it recorded late.
   */
  hangNextPost(conversationId: string, ms: number): void;
  /** Every conversation created so far, in order. */
  readonly created: readonly CreatedConversation[];
  /** Answers the next conversation creations with these HTTP statuses, in order (then 200 again). */
  answerCreateWith(statuses: readonly number[]): void;
  /** How many posts to `conversationId` arrived, refused ones included. */
  postsTo(conversationId: string): number;
  /** Resolves with the first reply to `replyToId` (already received or still to come); rejects after `timeoutMs`. */
  waitForReply(conversationId: string, replyToId: string, timeoutMs?: number): Promise<ConnectorReply>;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/;
const CREATE_PATH = /^\/v3\/conversations\/?(?:\?.*)?$/;

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const replies: ConnectorReply[] = [];
  const byActivity = new Map<string, ConnectorReply[]>();
  const waiters = new Map<string, Array<(reply: ConnectorReply) => void>>();
  const holds = new Map<string, number>();
  const scripted = new Map<string, number[]>();
  const posts = new Map<string, number>();
  const hangs = new Map<string, number>();
  const hangTimers = new Set<NodeJS.Timeout>();
  const created: CreatedConversation[] = [];
  const createStatuses: number[] = [];
  let nextId = 1;
  const keyOf = (conversationId: string, replyToId: string): string => `${conversationId}\n${replyToId}`;

  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && CREATE_PATH.test(req.url ?? '')) {
      createConversation(req, res);
      return;
    }
    const match = req.method === 'POST' ? ACTIVITY_PATH.exec(req.url ?? '') : null;
    if (!match) {
      // No chaining on writeHead: restify (loaded in the same process) patches it to return nothing.
      res.statusCode = 404;
      res.end();
      return;
    }
    readJson(req).then(
      (activity) => {
        const conversationId = decodeURIComponent(match[1] ?? '');
        posts.set(conversationId, (posts.get(conversationId) ?? 0) + 1);
        const hang = hangs.get(conversationId);
        if (hang === undefined) {
          take(activity);
          return;
        }
        hangs.delete(conversationId);
        const timer = setTimeout(() => {
          hangTimers.delete(timer);
          // The bot gave up on this post (aborted its request): the connector never took it.
          if (res.destroyed || req.socket.destroyed) return;
          take(activity);
        }, hang);
        hangTimers.add(timer);
      },
      () => {
        res.statusCode = 400;
        res.end();
      },
    );

    /** Answers the post as scripted and records it when the status says it was taken. */
    function take(activity: unknown): void {
      const conversationId = decodeURIComponent(match?.[1] ?? '');
      const status = scripted.get(conversationId)?.shift() ?? 200;
      if (status >= 300) {
        res.statusCode = status;
        res.setHeader('Content-Type', 'application/json');
        res.end(
          JSON.stringify({ error: { code: 'StandInRefused', message: `stand-in answered ${status}` } }),
        );
        return;
      }
      const reply: ConnectorReply = {
        conversationId,
        replyToId: decodeURIComponent(match?.[2] ?? ''),
        activity: activity as ConnectorReply['activity'],
      };
      replies.push(reply);
      const key = keyOf(reply.conversationId, reply.replyToId);
      byActivity.set(key, [...(byActivity.get(key) ?? []), reply]);
      const waiting = waiters.get(key);
      if (waiting) {
        waiters.delete(key);
        for (const wake of waiting) wake(reply);
      }
      const answer = (): void => {
        res.statusCode = status;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ id: `reply-${nextId++}` }));
      };
      const hold = holds.get(reply.conversationId);
      if (hold) setTimeout(answer, hold);
      else answer();
    }
  });
  /** `POST /v3/conversations`: a new reply chain in the channel `channelData.channel.id` names. */
  function createConversation(req: IncomingMessage, res: ServerResponse): void {
    readJson(req).then(
      (body) => {
        const parameters = (body ?? {}) as CreatedConversation['parameters'];
        const status = createStatuses.shift() ?? 200;
        const channel = parameters.channelData?.channel?.id;
        res.setHeader('Content-Type', 'application/json');
        if (status >= 300 || !channel) {
          res.statusCode = status >= 300 ? status : 400;
          res.end(JSON.stringify({ error: { code: 'StandInRefused', message: 'no conversation created' } }));
          return;
        }
        const id = `${channel};messageid=${nextId++}`;
        created.push({ id, parameters });
        const activityId = `reply-${nextId++}`;
        if (parameters.activity) {
          const reply: ConnectorReply = { conversationId: id, replyToId: '', activity: parameters.activity };
          replies.push(reply);
          const key = keyOf(id, '');
          byActivity.set(key, [...(byActivity.get(key) ?? []), reply]);
        }
        res.statusCode = 201;
        res.end(JSON.stringify({ id, activityId, serviceUrl: `http://127.0.0.1:${port}` }));
      },
      () => {
        res.statusCode = 400;
        res.end();
      },
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    replies,
    repliesOf: (conversationId) => replies.filter((reply) => reply.conversationId === conversationId),
    repliesTo: (conversationId, replyToId) => byActivity.get(keyOf(conversationId, replyToId)) ?? [],
    takeRepliesTo: (conversationId, replyToId) => {
      const key = keyOf(conversationId, replyToId);
      const taken = byActivity.get(key) ?? [];
      byActivity.delete(key);
      return taken;
    },
    clearLog: () => {
      replies.length = 0;
    },
    clear: () => {
      replies.length = 0;
      byActivity.clear();
    },
    holdReplies: (conversationId, ms) => void holds.set(conversationId, ms),
    answerWith: (conversationId, statuses) => void scripted.set(conversationId, [...statuses]),
    hangNextPost: (conversationId, ms) => void hangs.set(conversationId, ms),
    postsTo: (conversationId) => posts.get(conversationId) ?? 0,
    created,
    answerCreateWith: (statuses) => void createStatuses.push(...statuses),
    waitForReply(conversationId, replyToId, timeoutMs = 10_000) {
      const already = replies.find((r) => r.conversationId === conversationId && r.replyToId === replyToId);
      if (already) return Promise.resolve(already);
      return new Promise<ConnectorReply>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no reply to ${conversationId}/${replyToId} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const key = keyOf(conversationId, replyToId);
        const list = waiters.get(key) ?? [];
        list.push((reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        waiters.set(key, list);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of hangTimers) clearTimeout(timer);
        hangTimers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}
