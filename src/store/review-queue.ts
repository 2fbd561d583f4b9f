import { randomUUID } from 'node:crypto';
import { isPlainObject } from './data-file';
import { documentsIn, type DocumentsSource } from './file-documents';
import type { JsonDocument } from './json-document';

/**
 * Why an utterance was queued: the bot was not sure (`low-confidence`), the analyst said "no, I
 * meant …" after a confident answer (`correction`), or pressed another of the offered suggestions
 * (`suggestion`). Items written before corrections existed have none: they are `low-confidence`.
 */
export type ReviewSource = 'low-confidence' | 'correction' | 'suggestion';

/** An utterance the bot did not understand well enough, waiting for an engineer to label it. */
export interface ReviewItem {
  /** Short id used by `socbot review --label ID`. */
  id: string;
  text: string;
  /** The recognizer's best guess (may be `None`) and its score. */
  intentGuess: string;
  score: number;
  /** The nearest in-scope intents, highest first. */
  alternatives: { intent: string; score: number }[];
  conversationId: string;
  createdAt: string;
  status: 'pending' | 'labelled' | 'dismissed';
  /** Absent in older files: read as `low-confidence` ({@link reviewSourceOf}). */
  source?: ReviewSource;
  /** The intent the analyst said they meant (a correction or a picked suggestion): the proposed label. */
  correctIntent?: string;
  /** The intent an engineer gave it. */
  label?: string;
  labelledAt?: string;
}

/** What the conversation queues; the queue adds id, time and status. */
export type NewReviewItem = Pick<
  ReviewItem,
  'text' | 'intentGuess' | 'score' | 'alternatives' | 'conversationId' | 'source' | 'correctIntent'
>;

/** Why an item was queued; an item from before corrections existed was a low-confidence one. */
export function reviewSourceOf(item: Pick<ReviewItem, 'source'>): ReviewSource {
  return item.source ?? 'low-confidence';
}

interface ReviewFile {
  items: ReviewItem[];
}

function isReviewFile(data: unknown): data is ReviewFile {
  return isPlainObject(data) && Array.isArray(data.items);
}

/** The file under the data directory that holds the review queue. */
export const REVIEW_FILE_NAME = 'review-queue.json';

/**
 * The review queue (`<dataDir>/review-queue.json`): low-confidence utterances with the intent
 * guess, and utterances the analyst corrected with the intent they meant, so an engineer can label
 * them into the corpus (`socbot review`) and retrain.
 *
 * @example
 *   const queue = new ReviewQueue('./data');
 *   await queue.add({ text: 'lock him out', intentGuess: 'None', score: 0.3, alternatives: [], conversationId: 'c1' });
 *   const [first] = await queue.list('pending');
 *   await queue.resolve(first.id, { status: 'labelled', label: 'blockTerminal' });
 */
export class ReviewQueue {
  private readonly file: JsonDocument<ReviewFile>;

  constructor(
    /** The data directory (files), or a backend's documents (PostgreSQL). */
    where: DocumentsSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = documentsIn(where).open({
      name: REVIEW_FILE_NAME,
      defaults: () => ({ items: [] }),
      isValid: isReviewFile,
    });
  }

  add(item: NewReviewItem): Promise<ReviewItem> {
    return this.file.update((data) => {
      const record: ReviewItem = {
        ...item,
        id: randomUUID().slice(0, 8),
        createdAt: this.now().toISOString(),
        status: 'pending',
      };
      data.items.push(record);
      return record;
    });
  }

  /**
   * The analyst's intent for a pending item (they picked a suggestion after the bot was not sure):
   * the item keeps its place and gets `correctIntent` and `source`. False when no pending item has
   * this id (labelled or dismissed meanwhile): the caller queues a new one.
   */
  propose(id: string, correctIntent: string, source: ReviewSource): Promise<boolean> {
    return this.file.update((data) => {
      const item = data.items.find((candidate) => candidate.id === id && candidate.status === 'pending');
      if (!item) return false;
      item.correctIntent = correctIntent;
      item.source = source;
      return true;
    });
  }

  /** Items, oldest first; only those with `status` when given. */
  async list(status?: ReviewItem['status']): Promise<ReviewItem[]> {
    const { items } = await this.file.read();
    return status ? items.filter((item) => item.status === status) : items;
  }

  /** Marks an item labelled (with its intent) or dismissed; returns the updated item, or undefined if the id is unknown. */
  resolve(
    id: string,
    outcome: { status: 'labelled'; label: string } | { status: 'dismissed' },
  ): Promise<ReviewItem | undefined> {
    return this.file.update((data) => {
      const item = data.items.find((candidate) => candidate.id === id);
      if (!item) return undefined;
      item.status = outcome.status;
      if (outcome.status === 'labelled') item.label = outcome.label;
      item.labelledAt = this.now().toISOString();
      return { ...item };
    });
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
