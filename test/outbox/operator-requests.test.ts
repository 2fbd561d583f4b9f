import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OperatorOutcome } from '../../src/outbox/operator-change';
import {
  answerWaitingRequests,
  awaitOperatorAnswer,
  OPERATOR_REQUESTS_DIR,
  submitOperatorRequest,
} from '../../src/outbox/operator-requests';

/** The hand-over between `socbot outbox retry|drop` and the socbot process that writes the data directory. */
describe('operator requests', () => {
  let dataDir: string;
  let dir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-operator-requests-'));
    dir = path.join(dataDir, OPERATOR_REQUESTS_DIR);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const outcome: OperatorOutcome = {
    jobId: 'job-1',
    operation: 'retry',
    changed: true,
    statusBefore: 'given_up',
    statusAfter: 'pending',
    type: 'ticket.create',
  };

  it('applies a submitted request once and hands the answer back, leaving nothing behind', async () => {
    const applied: unknown[] = [];
    const id = await submitOperatorRequest(dataDir, {
      operation: 'retry',
      jobId: 'job-1',
      by: { id: 'os:olga' },
      via: 'cli',
    });
    expect(await answerWaitingRequests(dataDir, async (request) => (applied.push(request), outcome))).toBe(1);
    expect(await answerWaitingRequests(dataDir, async () => outcome)).toBe(0);
    expect(applied).toEqual([{ operation: 'retry', jobId: 'job-1', by: { id: 'os:olga' }, via: 'cli' }]);
    expect(await awaitOperatorAnswer(dataDir, id, 0)).toEqual({ ok: true, outcome });
    expect(await readdir(dir)).toEqual([]);
  });

  it('answers a file that is not a request with INPUT_INVALID and never applies it', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'x.request.json'),
      JSON.stringify({ operation: 'rm -rf', jobId: 'job-1' }),
    );
    const apply = jest.fn(async () => outcome);
    await answerWaitingRequests(dataDir, apply);
    expect(apply).not.toHaveBeenCalled();
    expect(await awaitOperatorAnswer(dataDir, 'x', 0)).toMatchObject({ ok: false, code: 'INPUT_INVALID' });
  });

  it('removes answers nobody collected after an hour', async () => {
    await mkdir(dir, { recursive: true });
    const old = path.join(dir, 'old.answer.json');
    const fresh = path.join(dir, 'fresh.answer.json');
    await writeFile(old, '{}');
    await writeFile(fresh, '{}');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    await answerWaitingRequests(dataDir, async () => outcome);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});
