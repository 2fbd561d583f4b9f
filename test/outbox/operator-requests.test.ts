import { existsSync } from 'node:fs';
import {
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OperatorOutcome, OperatorRequest } from '../../src/outbox/operator-change';
import {
  answerWaitingRequests,
  awaitOperatorAnswer,
  OPERATOR_REQUESTS_DIR,
  submitOperatorRequest,
} from '../../src/outbox/operator-requests';
import { osOperator, processOperatorUid } from '../../src/outbox/os-operator';
import { createCapturedLogger } from '../helpers/captured-logger';

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
    const id = await submitOperatorRequest(dataDir, { operation: 'retry', jobId: 'job-1' });
    expect(await answerWaitingRequests(dataDir, async (request) => (applied.push(request), outcome))).toBe(1);
    expect(await answerWaitingRequests(dataDir, async () => outcome)).toBe(0);
    const me = os.userInfo().username;
    expect(applied).toEqual([
      { operation: 'retry', jobId: 'job-1', by: { id: `os:${me}`, name: me, role: 'operator' }, via: 'cli' },
    ]);
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

  /** Review of issue 12: what a file in outbox-requests/ could do to the process that applies it. */
  describe('a request file is data, not an identity', () => {
    const write = async (name: string, body: unknown): Promise<string> => {
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, name);
      await writeFile(file, JSON.stringify(body));
      return file;
    };

    it.each([
      [
        'an analyst in a chat',
        {
          operation: 'drop',
          jobId: 'job-1',
          by: { id: 'aad-1', role: 'analyst' },
          via: 'chat',
          conversationId: 'c-1',
        },
      ],
      [
        'another operator',
        { operation: 'drop', jobId: 'job-1', by: { id: 'os:ceo', role: 'operator' }, via: 'cli' },
      ],
    ])('a file that claims to come from %s is refused and never applied', async (_who, body) => {
      await write('1-x.request.json', body);
      const apply = jest.fn(async () => outcome);
      await answerWaitingRequests(dataDir, apply);
      expect(apply).not.toHaveBeenCalled();
      expect(await awaitOperatorAnswer(dataDir, '1-x', 0)).toMatchObject({
        ok: false,
        code: 'INPUT_INVALID',
      });
    });

    it('names the operator after the owner of the file', async () => {
      const file = await write('1-x.request.json', { operation: 'drop', jobId: 'job-1' });
      // Runs as root here, so the file can belong to someone else.
      if (process.getuid?.() === 0) await chown(file, 65534, 65534);
      const apply = jest.fn(async () => outcome);
      await answerWaitingRequests(dataDir, apply);
      const owner = process.getuid?.() === 0 ? 'nobody' : os.userInfo().username;
      expect(apply).toHaveBeenCalledWith({
        operation: 'drop',
        jobId: 'job-1',
        by: { id: `os:${owner}`, name: owner, role: 'operator' },
        via: 'cli',
      });
    });
  });

  describe('one bad entry does not stop the others', () => {
    it('a directory named like a request is answered, moved aside and does not hold up the next request', async () => {
      await mkdir(path.join(dir, '0-junk.request.json'), { recursive: true });
      const id = await submitOperatorRequest(dataDir, { operation: 'retry', jobId: 'job-1' });
      const apply = jest.fn(async () => outcome);
      const { logger, lines } = createCapturedLogger();
      const troubled = new Set<string>();
      await answerWaitingRequests(dataDir, apply, { logger, troubled });
      expect(apply).toHaveBeenCalledTimes(1);
      expect(await awaitOperatorAnswer(dataDir, id, 0)).toEqual({ ok: true, outcome });
      expect(await awaitOperatorAnswer(dataDir, '0-junk', 0)).toMatchObject({
        ok: false,
        code: 'INPUT_INVALID',
      });
      expect((await lstat(path.join(dir, '0-junk.request.json.rejected'))).isDirectory()).toBe(true);
      await answerWaitingRequests(dataDir, apply, { logger, troubled });
      expect(apply).toHaveBeenCalledTimes(1);
      expect(lines()).toEqual([]);
    });

    it('a request whose answer cannot be written is applied once, logged once and skipped after', async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(
        path.join(dir, '1-x.request.json'),
        JSON.stringify({ operation: 'retry', jobId: 'job-1' }),
      );
      // Something occupies the answer's name: the rename into place fails.
      await mkdir(path.join(dir, '1-x.answer.json', 'inside'), { recursive: true });
      const next = await submitOperatorRequest(dataDir, { operation: 'drop', jobId: 'job-2' });
      const apply = jest.fn(async (_request: OperatorRequest) => outcome);
      const { logger, lines } = createCapturedLogger();
      const troubled = new Set<string>();
      for (let round = 0; round < 3; round += 1)
        await answerWaitingRequests(dataDir, apply, { logger, troubled });
      expect(apply.mock.calls.map(([request]) => request.jobId)).toEqual(['job-1', 'job-2']);
      expect(await awaitOperatorAnswer(dataDir, next, 0)).toEqual({ ok: true, outcome });
      expect(lines()).toEqual([expect.objectContaining({ request: '1-x.request.json', level: 50 })]);
    });

    it('never follows a symbolic link: not one named like a request, not one planted where the answer is written', async () => {
      const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'socbot-elsewhere-'));
      try {
        const victim = path.join(elsewhere, 'victim.txt');
        await writeFile(victim, 'keep me');
        const planted = path.join(elsewhere, 'planted.json');
        await writeFile(planted, JSON.stringify({ operation: 'drop', jobId: 'job-1' }));
        await mkdir(dir, { recursive: true });
        await symlink(planted, path.join(dir, '1-link.request.json'));
        const id = await submitOperatorRequest(dataDir, { operation: 'retry', jobId: 'job-1' });
        for (const name of [`${id}.answer.tmp`, `${id}.answer.json`, '1-link.answer.tmp']) {
          await symlink(victim, path.join(dir, name));
        }
        const apply = jest.fn(async () => outcome);
        await answerWaitingRequests(dataDir, apply);
        expect(apply).toHaveBeenCalledTimes(1);
        expect(apply).toHaveBeenCalledWith(expect.objectContaining({ operation: 'retry' }));
        expect(await readFile(victim, 'utf8')).toBe('keep me');
        expect(await readFile(planted, 'utf8')).toContain('job-1');
        expect(await awaitOperatorAnswer(dataDir, '1-link', 0)).toMatchObject({
          ok: false,
          code: 'INPUT_INVALID',
        });
        expect(await awaitOperatorAnswer(dataDir, id, 0)).toEqual({ ok: true, outcome });
      } finally {
        await rm(elsewhere, { recursive: true, force: true });
      }
    });
  });

  describe('an answer the CLI cannot read', () => {
    it.each([
      ['is not JSON', '{"ok":tr'],
      ['has a code socbot does not have', JSON.stringify({ ok: false, code: 'rm -rf', message: 'x' })],
      ['has no outcome', JSON.stringify({ ok: true })],
    ])('one that %s is a STORAGE_CORRUPT error that says what to do', async (_what, text) => {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, '1-x.answer.json'), text);
      const error = await awaitOperatorAnswer(dataDir, '1-x', 0).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'STORAGE_CORRUPT',
        message: expect.stringContaining('socbot outbox list'),
      });
    });
  });
});

describe('osOperator', () => {
  it('names an account without a name by its uid, and the account this process runs as by its name', async () => {
    expect(await osOperator(4_000_000)).toEqual({
      id: 'os:uid-4000000',
      name: 'uid 4000000',
      role: 'operator',
    });
    const me = os.userInfo().username;
    expect(await osOperator(processOperatorUid())).toEqual({ id: `os:${me}`, name: me, role: 'operator' });
  });

  it('does not fail where os.userInfo() does (a uid with no account)', async () => {
    jest.spyOn(os, 'userInfo').mockImplementation(() => {
      throw new Error('ENOENT: no such file or directory, uv_os_get_passwd');
    });
    try {
      expect(() => os.userInfo()).toThrow('uv_os_get_passwd');
      const operator = await osOperator(processOperatorUid());
      expect(operator.role).toBe('operator');
    } finally {
      jest.restoreAllMocks();
    }
  });
});
