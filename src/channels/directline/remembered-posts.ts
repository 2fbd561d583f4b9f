/**
 * What the posts of one conversation were answered with, by client activity id, so that a client
 * retrying a post whose answer it never got (a proxy's 504, a timeout) gets the first post's answer
 * instead of the message being handled twice. Holds the answer while the turn still runs, so a retry
 * that arrives meanwhile waits for it. Bounded: past `max` ids the oldest is forgotten (a client
 * retries within seconds, not after `max` newer messages). In memory: a retry that reaches a
 * restarted socbot is handled as new.
 *
 * @example
 *   const posts = new RememberedPosts(100);
 *   posts.remember('client-1', runTurnThenId());
 *   await posts.answerTo('client-1'); // the same activity id, the turn not run again
 */
export class RememberedPosts {
  private readonly answers = new Map<string, Promise<string>>();

  constructor(private readonly max: number) {}

  /** The first post's answer (its activity id once its turn ran), or undefined for a new id. */
  answerTo(clientActivityId: string): Promise<string> | undefined {
    return this.answers.get(clientActivityId);
  }

  remember(clientActivityId: string, answer: Promise<string>): void {
    this.answers.set(clientActivityId, answer);
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= this.max) break;
      this.answers.delete(oldest);
    }
  }
}
