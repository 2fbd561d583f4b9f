import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../../src/errors';
import { applyOperatorRequest, type OperatorRequest } from '../../src/outbox/operator-change';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import { outboxKit } from './outbox-test-kit';

/**
 * Review of issue 12: the outbox was changed before the audit entry was written, so an append
 * that failed (a cut-off audit trail: STORAGE_CORRUPT) left a drop or retry nobody could see —
 * and a later rebuild from the audit trail brought a dropped job back.
 */
describe('applyOperatorRequest audits before it changes the outbox', () => {
  let kit: Awaited<ReturnType<typeof outboxKit>>;
  let jobId: string;
  beforeEach(async () => {
    kit = await outboxKit();
    const job = await kit
      .open()
      .enqueue({ type: 'ticket.create', idempotencyKey: 'k-1', payload: {}, origin: {} });
    jobId = job.id;
    // As the worker leaves it after the last attempt: waiting for a person.
    const data = await kit.rawFile();
    Object.assign(data.jobs[0] ?? {}, { status: 'given_up', attempts: 6 });
    await writeFile(path.join(kit.dir, OUTBOX_FILE_NAME), JSON.stringify(data));
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  const request = (operation: OperatorRequest['operation'], id = jobId): OperatorRequest => ({
    operation,
    jobId: id,
    by: { id: 'os:olga' },
    via: 'cli',
  });

  it.each(['drop', 'retry'] as const)(
    'a %s whose audit entry cannot be written changes nothing',
    async (operation) => {
      const brokenAudit = {
        append: async (): Promise<never> => {
          throw new SocbotError('STORAGE_CORRUPT', 'audit.jsonl ends with a cut-off line');
        },
      };
      await expect(applyOperatorRequest(kit.open(), brokenAudit, request(operation))).rejects.toMatchObject({
        code: 'STORAGE_CORRUPT',
      });
      expect(await kit.open().get(jobId)).toMatchObject({ id: jobId, status: 'given_up', attempts: 6 });
    },
  );

  it.each(['drop', 'retry'] as const)(
    'a %s is audited with the status before and after, then made',
    async (operation) => {
      const outbox = kit.open();
      const seen: unknown[] = [];
      const audit = {
        append: jest.fn(async (record: unknown) => {
          // The entry is written while the job is still as it was.
          seen.push(await outbox.get(jobId));
          return record as never;
        }),
      };
      const outcome = await applyOperatorRequest(outbox, audit, request(operation));
      expect(seen).toEqual([expect.objectContaining({ status: 'given_up' })]);
      expect(audit.append).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'operator',
          details: expect.objectContaining({
            jobId,
            operation,
            statusBefore: 'given_up',
            statusAfter: operation === 'drop' ? 'dropped' : 'pending',
            changed: true,
          }),
        }),
      );
      expect(outcome).toMatchObject({
        changed: true,
        statusAfter: operation === 'drop' ? 'dropped' : 'pending',
      });
      expect((await outbox.get(jobId))?.status).toBe(operation === 'drop' ? undefined : 'pending');
    },
  );

  it('a change the outbox refuses after the entry (the job began an attempt meanwhile) is audited as not done', async () => {
    const outbox = kit.open();
    jest
      .spyOn(outbox, 'drop')
      .mockRejectedValue(new SocbotError('INPUT_INVALID', 'The outbox job is running an attempt right now'));
    const records: { result?: string; details?: Record<string, unknown> }[] = [];
    const audit = {
      append: async (record: (typeof records)[number]) => (records.push(record), record as never),
    };
    await expect(applyOperatorRequest(outbox, audit, request('drop'))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(records.map((record) => record.result)).toEqual(['given_up → dropped', 'not done: INPUT_INVALID']);
    expect(records[1]?.details).toEqual({ jobId, notDone: 'drop', via: 'cli', code: 'INPUT_INVALID' });
  });

  it('an unknown job is refused before anything is audited', async () => {
    const append = jest.fn(async () => undefined as never);
    await expect(
      applyOperatorRequest(kit.open(), { append }, request('drop', 'job-nope')),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(append).not.toHaveBeenCalled();
  });
});
