import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the proxy forwarded: to which target (index into `targets`) and what came back. */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** The replica that got the request, or -1 when every target was down. */
  target: number;
  /** The status the client got (502 when the replica died before answering). */
  status: number;
}

/**
 * A load balancer in front of socbot replicas on 127.0.0.1, as a reverse proxy with round-robin
 * would be: each new request goes to the next target in turn; a target that refuses the connection
 * is marked down and skipped, and that request goes to the next one (it never reached the dead
 * replica, so sending it elsewhere is safe). A replica that dies while it holds a request gets a
 * 502 for that request, not a retry: like nginx's default for a POST, a request that may have acted
 * is not replayed by the proxy; the client decides. Each answer carries `X-Served-By: <index>`.
 *
 * @example
 *   const proxy = await startRoundRobinProxy([replicaA.url, replicaB.url]);
 *   await httpRequest(`${proxy.url}/healthz`); // replica 0, the next request replica 1
 */
export interface RoundRobinProxy {
  url: string;
  /** Every request forwarded so far, in the order they arrived. */
  readonly requests: readonly ProxiedRequest[];
  /** Indexes of the targets marked down (a refused connection). */
  readonly down: ReadonlySet<number>;
  close(): Promise<void>;
}

export const SERVED_BY_HEADER = 'x-served-by';

export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  if (targets.length === 0) throw new Error('a round-robin proxy needs at least one target');
  const requests: ProxiedRequest[] = [];
  const down = new Set<number>();
  const sockets = new Set<Socket>();
  // Keep-alive to each replica, as a production proxy keeps its upstream connections.
  const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 256 }));
  let next = 0;

  /** The next target that is not marked down, starting after the last one used. */
  const pick = (exclude: ReadonlySet<number>): number => {
    for (let step = 0; step < targets.length; step += 1) {
      const index = (next + step) % targets.length;
      if (!down.has(index) && !exclude.has(index)) {
        next = index + 1;
        return index;
      }
    }
    return -1;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: ProxiedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        target: -1,
        status: 0,
      };
      requests.push(record);
      const tried = new Set<number>();
      const attempt = (): void => {
        const target = pick(tried);
        record.target = target;
        if (target < 0) {
          record.status = 502;
          res.writeHead(502, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'NO_REPLICA', message: 'every replica is down' } }));
          return;
        }
        tried.add(target);
        const upstream = http.request(
          new URL(req.url ?? '/', targets[target]),
          { method: req.method, headers: req.headers, agent: agents[target] },
          (answer) => {
            record.status = answer.statusCode ?? 502;
            res.writeHead(record.status, { ...answer.headers, [SERVED_BY_HEADER]: String(target) });
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED') {
            // Nothing listens there: the request never reached a replica, another one takes it.
            down.add(target);
            attempt();
            return;
          }
          // The replica died (or cut the connection) holding the request: it may have acted.
          record.status = 502;
          if (res.headersSent) {
            res.destroy();
            return;
          }
          res.writeHead(502, { 'Content-Type': 'application/json', [SERVED_BY_HEADER]: String(target) });
          res.end(JSON.stringify({ error: { code: 'REPLICA_GONE', message: error.message } }));
        });
        upstream.end(body);
      };
      attempt();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    down,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        for (const agent of agents) agent.destroy();
        server.close(() => resolve());
      }),
  };
}
