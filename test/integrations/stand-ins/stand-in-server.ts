import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the stand-in received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** The raw body text. */
  body: string;
}

export interface StandInAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a string. */
  body?: unknown;
}

/**
 * A scripted answer for the next request that matches `when` (default: any). `hang` never answers
 * (the client's timeout must fire); `handle-then-hang` lets the API act (e.g. create the incident)
 * and then never answers: "created, then timed out".
 */
export type ScriptedStep = { when?: (request: RecordedRequest) => boolean } & (
  { answer: StandInAnswer } | { hang: true } | { handleThenHang: true }
);

export type Handler = (request: RecordedRequest) => StandInAnswer;

/** A small HTTP server on 127.0.0.1 standing in for a public API. */
export interface StandIn {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Queues scripted answers; each is used once, by the first request that matches it. */
  script(...steps: ScriptedStep[]): void;
  /** Stops the server and cuts hanging connections. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export async function startStandIn(handler: Handler): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const steps: ScriptedStep[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const index = steps.findIndex((step) => !step.when || step.when(recorded));
      const step = index >= 0 ? steps.splice(index, 1)[0] : undefined;
      if (step && 'hang' in step) return;
      if (step && 'handleThenHang' in step) {
        handler(recorded);
        return;
      }
      const answer = step && 'answer' in step ? step.answer : handler(recorded);
      const body =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(body);
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
    script: (...more) => void steps.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Parses a recorded JSON body (fails the test with the text when it is not JSON). */
export function jsonBody(request: RecordedRequest | undefined): Record<string, unknown> {
  if (!request) throw new Error('no such request was recorded');
  try {
    return JSON.parse(request.body) as Record<string, unknown>;
  } catch {
    throw new Error(`the body is not JSON: ${request.body.slice(0, 200)}`);
  }
}

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
