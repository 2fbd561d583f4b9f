import { KeyedQueue } from '../store/keyed-queue';
import type { TurnLock, TurnReadAhead } from '../store/turn-lock';

/**
 * Runs the turns of one conversation one after the other, and different conversations in parallel.
 * Two quick messages of the same analyst would otherwise load the same conversation state
 * concurrently and one turn's changes would overwrite (or conflict with) the other's.
 *
 * With a `shared` lock (PgTurnLock, when replicas share a database) a turn also takes the
 * conversation's lock across replicas. The in-process queue stays in front of it: the turns of one
 * conversation queued here wait here, so one replica holds at most one lock connection per
 * conversation, and the order of the messages it received is kept. Without one (the embedded
 * default), the queue alone, as before.
 *
 * @example
 *   const queue = new ConversationQueue(bot.turnLock);
 *   await queue.run(activity.conversation.id, () => adapter.runTurn(auth, activity, logic));
 */
export class ConversationQueue implements TurnLock {
  private readonly queue = new KeyedQueue();

  constructor(private readonly shared?: TurnLock) {}

  run<T>(conversationId: string, task: () => Promise<T>, readAhead?: TurnReadAhead): Promise<T> {
    const shared = this.shared;
    return this.queue.run(
      [conversationId],
      shared ? () => shared.run(conversationId, task, readAhead) : task,
    );
  }
}
