import { KeyedQueue } from '../store/keyed-queue';

/**
 * Runs the turns of one conversation one after the other, and different conversations in parallel.
 * Two quick messages of the same analyst would otherwise load the same conversation state
 * concurrently and one turn's changes would overwrite (or conflict with) the other's.
 *
 * @example
 *   await queue.run(activity.conversation.id, () => adapter.runTurn(auth, activity, logic));
 */
export class ConversationQueue {
  private readonly queue = new KeyedQueue();

  run<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run([conversationId], task);
  }
}
