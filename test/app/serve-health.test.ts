import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import { fakeNlu } from '../cli/fake-nlu';
import { runCli } from '../cli/run-cli';

const CORPUS = path.join(__dirname, '..', '..', 'corpus');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** The /healthz answer once the server listens, or undefined after ~10 s. */
async function healthOf(url: string): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answer = await fetch(url).then(
      async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }),
      () => undefined,
    );
    if (answer) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

/** Issue 12 items 4 and 5 through `socbot serve` as an operator runs it. */
describe('socbot serve and the health of its data', () => {
  let dir: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const nlu = fakeNlu();
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-serve-health-'));
    dataDir = path.join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    const modelPath = path.join(dir, 'model.json');
    await nlu.saveModel(await nlu.trainModel(nlu.loadCorpus(CORPUS, { strict: true })), modelPath);
    env = {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      SOCBOT_CORPUS: CORPUS,
      SOCBOT_MODEL: modelPath,
      SOCBOT_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says degraded in /healthz, with the counts, while a side effect is given up', async () => {
    const at = new Date().toISOString();
    await writeFile(
      path.join(dataDir, OUTBOX_FILE_NAME),
      JSON.stringify({
        jobs: [
          {
            id: 'job-1',
            type: 'ticket.create',
            idempotencyKey: 'k1',
            payload: {},
            status: 'given_up',
            attempts: 6,
            nextAttemptAt: at,
            origin: {},
            createdAt: at,
            updatedAt: at,
          },
        ],
      }),
    );
    const run = runCli(['serve'], { nlu, env });
    try {
      const health = await healthOf(`http://127.0.0.1:${env.PORT}/healthz`);
      expect(health?.status).toBe(200);
      expect(health?.body).toMatchObject({
        status: 'degraded',
        sideEffects: { queued: 0, running: 0, retrying: 0, givenUp: 1, failed: 0 },
        repairs: [],
      });
    } finally {
      process.emit('SIGTERM');
    }
    expect((await run).code).toBe(0);
  });

  it('does not start on a corrupt state.json, and says how to fix it', async () => {
    const file = path.join(dataDir, 'state.json');
    await writeFile(file, '{"items":');
    const { code, stderr } = await runCli(['serve'], { nlu, env });
    expect(code).toBe(1);
    expect(stderr).toContain(`error [STORAGE_CORRUPT]: The data file ${file} cannot be read`);
    expect(stderr).toContain(`mv "${file}" "${file}.corrupt"`);
  });
});
