import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  APPROVALS_FILE_NAME,
  ApprovalRequestLog,
  type NewApprovalRequest,
} from '../../src/store/approval-requests';

const LEA = { id: 'lea-29', name: 'Lea', role: 'lead' };
const LEO = { id: 'leo-29', name: 'Leo', role: 'lead' };

function ask(requestId: string): NewApprovalRequest {
  return {
    requestId,
    actions: ['block_terminal'],
    providers: ['webhook'],
    alertRef: 'SOC-2026-0001',
    system: 'PRD',
    terminal: 'PC-0815',
    username: 'DDIC',
    reason: 'role',
    requestedBy: { id: 'ana-29', name: 'Ana', role: 'analyst' },
    requesterIdentities: ['ana-29', 'ana@corp.com'],
    conversationId: 'conv-ana',
    conversationKey: 'msteams/conv-ana',
  };
}

describe('approvals.json', () => {
  let dir: string;
  let now: Date;
  let log: ApprovalRequestLog;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-approvals-'));
    now = new Date('2026-12-06T09:00:00.000Z');
    log = new ApprovalRequestLog(dir, () => now);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('numbers requests APR-0001…, with their expiry, and returns the first for a request id asked again', async () => {
    const first = await log.add(ask('form-1'), 60);
    const second = await log.add(ask('form-2'), 30);
    const again = await log.add({ ...ask('form-1'), terminal: 'OTHER' }, 60);
    expect(first).toMatchObject({ created: true, request: { id: 'APR-0001', status: 'pending' } });
    expect(first.request.expiresAt).toBe('2026-12-06T10:00:00.000Z');
    expect(second.request).toMatchObject({ id: 'APR-0002', expiresAt: '2026-12-06T09:30:00.000Z' });
    expect(again).toEqual({ created: false, request: first.request });
    // Durable on disk, read back by a fresh process.
    const reread = await new ApprovalRequestLog(dir).list();
    expect(reread.map((request) => [request.id, request.terminal])).toEqual([
      ['APR-0001', 'PC-0815'],
      ['APR-0002', 'PC-0815'],
    ]);
  });

  it('lets the first decision stand: a second says who decided', async () => {
    await log.add(ask('form-1'), 60);
    const [first, second] = await Promise.all([
      log.decide('APR-0001', { decision: 'approved', by: LEA, byIdentities: ['lea-29'] }),
      log.decide('apr-0001', { decision: 'rejected', by: LEO, byIdentities: ['leo-29'] }),
    ]);
    expect(first).toMatchObject({ outcome: 'decided', request: { status: 'approved', decidedBy: LEA } });
    expect(second).toMatchObject({
      outcome: 'already-decided',
      request: { status: 'approved', decidedBy: LEA },
    });
    expect((await log.get('APR-0001'))?.status).toBe('approved');
  });

  it('refuses the requester by any identity they are known by, and changes nothing', async () => {
    await log.add(ask('form-1'), 60);
    const self = await log.decide('APR-0001', {
      decision: 'approved',
      by: { id: 'aad-ana', name: 'Ana' },
      byIdentities: ['aad-ana', 'ana@corp.com'],
    });
    expect(self.outcome).toBe('self');
    expect((await log.get('APR-0001'))?.status).toBe('pending');
  });

  it('never approves past the expiry; the first to notice marks it expired', async () => {
    await log.add(ask('form-1'), 60);
    now = new Date('2026-12-06T10:00:00.000Z');
    const late = await log.decide('APR-0001', { decision: 'approved', by: LEA, byIdentities: ['lea-29'] });
    expect(late).toMatchObject({ outcome: 'expired', expiredNow: true, request: { status: 'expired' } });
    const later = await log.decide('APR-0001', { decision: 'approved', by: LEO, byIdentities: ['leo-29'] });
    expect(later).toMatchObject({ outcome: 'expired', expiredNow: false });
    expect(await log.expireDue()).toEqual([]);
  });

  it('expires what is due in one sweep, once', async () => {
    await log.add(ask('form-1'), 10);
    await log.add(ask('form-2'), 60);
    now = new Date('2026-12-06T09:30:00.000Z');
    expect((await log.expireDue()).map((request) => request.id)).toEqual(['APR-0001']);
    expect(await log.expireDue()).toEqual([]);
    expect((await log.get('APR-0002'))?.status).toBe('pending');
  });

  it('records the queued jobs once', async () => {
    await log.add(ask('form-1'), 60);
    await log.markQueued('APR-0001', ['job-1']);
    await log.markQueued('APR-0001', ['job-2']);
    expect((await log.get('APR-0001'))?.jobIds).toEqual(['job-1']);
  });

  it('answers unknown for an id it never gave', async () => {
    expect(await log.decide('APR-0042', { decision: 'approved', by: LEA, byIdentities: ['lea-29'] })).toEqual(
      {
        outcome: 'unknown',
      },
    );
  });

  it.each([
    ['not JSON', '{"requests": ['],
    ['not the expected shape', '{"approvals": []}'],
  ])(
    'fails with STORAGE_CORRUPT and how to fix it on a file that is %s, and never overwrites it',
    async (_what, content) => {
      const file = path.join(dir, APPROVALS_FILE_NAME);
      await writeFile(file, content);
      await expect(log.add(ask('form-1'), 60)).rejects.toMatchObject({
        code: 'STORAGE_CORRUPT',
        message: expect.stringMatching(/Move the file aside .*ask their requesters to request again/s),
      });
      expect(await readFile(file, 'utf8')).toBe(content);
    },
  );
});
