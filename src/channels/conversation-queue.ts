/**
 * Runs the turns of one conversation one after the other, and different conversations in parallel.
 * Two quick messages of the same analyst would otherwise load the same conversation state
 * concurrently and one turn's changes would overwrite (or conflict with) the other's.
 *
 * @example
 *   await queue.run(activity.conversation.id, () => adapter.runTurn(auth, activity, logic));
 */
export class ConversationQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(conversationId) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(conversationId, tail);
    // Forget idle conversations so the map does not grow with every conversation ever seen.
    void tail.then(() => {
      if (this.tails.get(conversationId) === tail) this.tails.delete(conversationId);
    });
    return result;
  }

  /** Conversations with a turn running or waiting (for tests and health). */
  get activeConversations(): number {
    return this.tails.size;
  }
}
