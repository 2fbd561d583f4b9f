import type { DocumentsSource } from '../../../src/store/file-documents';
import { ReviewQueue, type NewReviewItem } from '../../../src/store/review-queue';

/** Where a review queue keeps its document for one test. */
export interface ReviewQueueUnderTest {
  /** The data directory, or a backend's documents; every call may give a new handle on the same storage. */
  source(): DocumentsSource;
  close(): Promise<void>;
}

const utterance = (text: string): NewReviewItem => ({
  text,
  intentGuess: 'None',
  score: 0.3,
  alternatives: [{ intent: 'blockTerminal', score: 0.2 }],
  conversationId: 'conv-1',
});

/** The review queue's behaviour, whichever backend holds review-queue.json. */
export function describeReviewQueueContract(name: string, open: () => Promise<ReviewQueueUnderTest>): void {
  describe(`ReviewQueue contract: ${name}`, () => {
    let under: ReviewQueueUnderTest;
    const now = (): Date => new Date('2026-12-06T10:00:00.000Z');
    beforeEach(async () => {
      under = await open();
    });
    afterEach(() => under.close());

    it('queues utterances pending, oldest first, and keeps them for the next process', async () => {
      const queue = new ReviewQueue(under.source(), now);
      const first = await queue.add(utterance('lock him out'));
      await queue.add(utterance('kill the box'));
      expect(first).toMatchObject({ status: 'pending', createdAt: '2026-12-06T10:00:00.000Z' });
      expect(first.id).toMatch(/^[0-9a-f]{8}$/);
      await queue.flush();
      const later = new ReviewQueue(under.source(), now);
      expect((await later.list('pending')).map((item) => item.text)).toEqual([
        'lock him out',
        'kill the box',
      ]);
    });

    it('gives a pending item the intent the analyst picked, and not a resolved one', async () => {
      const queue = new ReviewQueue(under.source(), now);
      const item = await queue.add(utterance('block it'));
      expect(await queue.propose(item.id, 'blockTerminal', 'suggestion')).toBe(true);
      expect((await queue.list())[0]).toMatchObject({ correctIntent: 'blockTerminal', source: 'suggestion' });
      await queue.resolve(item.id, { status: 'dismissed' });
      expect(await queue.propose(item.id, 'lockUser', 'suggestion')).toBe(false);
      expect(await queue.list('pending')).toEqual([]);
    });

    it('labels and dismisses items, and says undefined for an unknown id', async () => {
      const queue = new ReviewQueue(under.source(), now);
      const item = await queue.add(utterance('lock DDIC'));
      expect(await queue.resolve(item.id, { status: 'labelled', label: 'lockUser' })).toMatchObject({
        status: 'labelled',
        label: 'lockUser',
        labelledAt: '2026-12-06T10:00:00.000Z',
      });
      expect(await queue.resolve('nope', { status: 'dismissed' })).toBeUndefined();
      expect(await queue.list('labelled')).toHaveLength(1);
    });

    it('keeps every one of many utterances queued at once', async () => {
      const queue = new ReviewQueue(under.source(), now);
      await Promise.all(Array.from({ length: 20 }, (_, i) => queue.add(utterance(`text ${i}`))));
      expect(await queue.list('pending')).toHaveLength(20);
    });
  });
}
