import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApprovalRequestLog, type NewApprovalRequest } from '../../src/store/approval-requests';
import { EscalationAckLog } from '../../src/store/escalation-acks';
import { IncidentRoomRegistry, webChatConversationKey } from '../../src/store/incident-rooms';
import { pgDocuments } from '../../src/store/postgres/pg-document';
import { ReviewQueue } from '../../src/store/review-queue';
import { openTestPool, twoReplicaPools } from '../helpers/postgres';
import { describeReviewQueueContract } from './contracts/review-queue-contract';

describeReviewQueueContract('files (review-queue.json)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-review-'));
  return { source: () => dir, close: () => rm(dir, { recursive: true, force: true }) };
});

describeReviewQueueContract('PostgreSQL (socbot_documents)', async () => {
  const { db, close } = await openTestPool();
  return { source: () => pgDocuments(db), close };
});

const ask = (requestId: string): NewApprovalRequest => ({
  requestId,
  actions: ['block_terminal'],
  providers: ['webhook'],
  alertRef: 'SOC-2026-0001',
  system: 'PRD',
  terminal: 'PC-0815',
  username: 'DDIC',
  reason: 'role',
  requestedBy: { id: 'ana', name: 'Ana', role: 'analyst' },
  requesterIdentities: ['ana'],
  conversationId: 'conv-ana',
  conversationKey: 'msteams/conv-ana',
});

/** Two replicas = two pools on one database, each with its own stores: what one writes, the other sees. */
describe('document stores on two PostgreSQL replicas', () => {
  const replicas = twoReplicaPools();

  it('of two leads deciding at once on two replicas, exactly one decides and the other is told who did', async () => {
    const now = (): Date => new Date('2026-12-06T10:00:00.000Z');
    const onA = new ApprovalRequestLog(pgDocuments(replicas.a), now);
    const onB = new ApprovalRequestLog(pgDocuments(replicas.b), now);
    for (let round = 1; round <= 5; round += 1) {
      const { request } = await onA.add(ask(`form-${round}`), 60);
      const outcomes = await Promise.all([
        onA.decide(request.id, { decision: 'approved', by: { id: 'lea' }, byIdentities: ['lea'] }),
        onB.decide(request.id, { decision: 'rejected', by: { id: 'leo' }, byIdentities: ['leo'] }),
      ]);
      const kinds = outcomes.map((outcome) => outcome.outcome).sort();
      expect(kinds).toEqual(['already-decided', 'decided']);
      const decided = outcomes.find((outcome) => outcome.outcome === 'decided');
      const told = outcomes.find((outcome) => outcome.outcome === 'already-decided');
      if (decided?.outcome !== 'decided' || told?.outcome !== 'already-decided')
        throw new Error('unreachable');
      expect(told.request.decidedBy).toEqual(decided.request.decidedBy);
      expect((await onB.get(request.id))?.status).toBe(decided.request.status);
    }
    // Numbered once across both replicas.
    expect((await onB.list()).map((request) => request.id)).toEqual([
      'APR-0001',
      'APR-0002',
      'APR-0003',
      'APR-0004',
      'APR-0005',
    ]);
  });

  it('keeps the first acknowledgement of an escalation when two replicas record one at once', async () => {
    const onA = new EscalationAckLog(pgDocuments(replicas.a));
    const onB = new EscalationAckLog(pgDocuments(replicas.b));
    const [a, b] = await Promise.all([
      onA.acknowledge('SOC-2026-0007', { by: 'leads:sms:+49151', via: 'link', at: '1' }),
      onB.acknowledge('soc-2026-0007', { by: 'Lea', via: 'chat', at: '2' }),
    ]);
    expect([a.first, b.first].sort()).toEqual([false, true]);
    expect(a.ack).toEqual(b.ack);
    expect(await onA.of('SOC-2026-0007')).toEqual(a.ack);
  });

  it('opens an incident room once and gives it one Web Chat conversation, whichever replica asks', async () => {
    const onA = new IncidentRoomRegistry(pgDocuments(replicas.a));
    const onB = new IncidentRoomRegistry(pgDocuments(replicas.b));
    const opened = await Promise.all([
      onA.open('SOC-2026-0003', { id: 'ana', name: 'Ana' }),
      onB.open('SOC-2026-0003', { id: 'leo', name: 'Leo' }),
    ]);
    expect(opened.map((opening) => opening.opened).sort()).toEqual([false, true]);
    const [onAConversation, onBConversation] = await Promise.all([
      onA.webChatOf('SOC-2026-0003'),
      onB.webChatOf('SOC-2026-0003'),
    ]);
    expect(onAConversation).toBe(onBConversation);
    expect(await onB.refOfConversation(webChatConversationKey(onAConversation))).toBe('SOC-2026-0003');
  });

  it('loses no utterance queued on two replicas at once', async () => {
    const onA = new ReviewQueue(pgDocuments(replicas.a));
    const onB = new ReviewQueue(pgDocuments(replicas.b));
    const item = (text: string) => ({
      text,
      intentGuess: 'None',
      score: 0.2,
      alternatives: [],
      conversationId: 'c',
    });
    await Promise.all(
      Array.from({ length: 15 }, (_, i) => [onA.add(item(`a${i}`)), onB.add(item(`b${i}`))]).flat(),
    );
    expect(await onA.list('pending')).toHaveLength(30);
  });
});
