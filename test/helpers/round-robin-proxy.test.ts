import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { httpRequest } from './http-request';
import { SERVED_BY_HEADER, startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';

/** A replica stand-in that answers its name, or holds a request until the test kills it. */
interface FakeReplica {
  url: string;
  /** Resolves once a request to /hold arrived (it is never answered). */
  holding: Promise<void>;
  /** Closes the listener and cuts every connection, as a SIGKILL would. */
  kill(): Promise<void>;
}

async function startFakeReplica(name: string): Promise<FakeReplica> {
  const sockets = new Set<Socket>();
  let onHold: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => (onHold = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/hold') {
        onHold();
        return;
      }
      res.end(`${name} ${req.method} ${req.url}`);
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
    holding,
    kill: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the round-robin proxy of the replicas tests', () => {
  let replicas: FakeReplica[];
  let proxy: RoundRobinProxy;

  beforeEach(async () => {
    replicas = await Promise.all(['a', 'b', 'c'].map(startFakeReplica));
    proxy = await startRoundRobinProxy(replicas.map((replica) => replica.url));
  });
  afterEach(async () => {
    await proxy.close();
    await Promise.all(replicas.map((replica) => replica.kill()));
  });

  it('sends each new request to the next replica in turn and says which one served it', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push(await httpRequest(`${proxy.url}/api/messages`, { method: 'POST', body: `{"n":${i}}` }));
    expect(answers.map((answer) => answer.text)).toEqual([
      'a POST /api/messages',
      'b POST /api/messages',
      'c POST /api/messages',
      'a POST /api/messages',
    ]);
    expect(answers.map((answer) => answer.headers[SERVED_BY_HEADER])).toEqual(['0', '1', '2', '0']);
  });

  it('skips a replica that refuses connections: the request goes to the next one', async () => {
    await replicas[1]!.kill();
    const texts = [];
    for (let i = 0; i < 4; i += 1) texts.push((await httpRequest(`${proxy.url}/healthz`)).text);
    expect(texts).toEqual(['a GET /healthz', 'c GET /healthz', 'a GET /healthz', 'c GET /healthz']);
    expect(proxy.down).toEqual(new Set([1]));
  });

  it('answers 502 for a request its replica died holding, and does not send it elsewhere', async () => {
    await httpRequest(`${proxy.url}/healthz`); // a; the next request goes to b
    const held = httpRequest(`${proxy.url}/hold`, { method: 'POST', body: '{}' });
    await replicas[1]!.holding;
    await replicas[1]!.kill();
    const answer = await held;
    expect(answer.status).toBe(502);
    expect(answer.json).toMatchObject({ error: { code: 'REPLICA_GONE' } });
    expect(proxy.requests.filter((request) => request.path === '/hold')).toEqual([
      { method: 'POST', path: '/hold', target: 1, status: 502 },
    ]);
  });

  it('answers 502 NO_REPLICA when every replica is down', async () => {
    await Promise.all(replicas.map((replica) => replica.kill()));
    const answer = await httpRequest(`${proxy.url}/healthz`);
    expect(answer.status).toBe(502);
    expect(answer.json).toMatchObject({ error: { code: 'NO_REPLICA' } });
  });
});
