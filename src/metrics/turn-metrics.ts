import { Counter, type Registry } from 'prom-client';
import type { TurnStatus } from '../conversation/turn-result';

/** Every way a turn ends (src/conversation/turn-result.ts), so each series exists from the start at 0. */
const TURN_OUTCOMES: readonly TurnStatus[] = ['complete', 'waiting', 'cancelled', 'refused', 'failed'];

/**
 * `socbot_turns_total{outcome}`: turns that answered an input, by how they ended. The outcome is
 * the turn's own status, not a guess from its reply: `complete` (handled, nothing waits),
 * `waiting` (a form asked something), `cancelled` (a form was dropped on the analyst's cancel),
 * `refused` (too long, not text: not read), `failed` (the turn or the save of its memory failed; the
 * analyst got a failure reply). Out-of-scope messages are counted by nlu-metrics.ts.
 *
 * @example
 *   const turns = new TurnMetrics(registry);
 *   turns.turnEnded('complete');
 */
export class TurnMetrics {
  private readonly turns: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.turns = new Counter({
      name: 'socbot_turns_total',
      help: 'Turns that answered an input, by how they ended (complete, waiting, cancelled, refused, failed).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    for (const outcome of TURN_OUTCOMES) this.turns.inc({ outcome }, 0);
  }

  turnEnded(status: TurnStatus): void {
    this.turns.inc({ outcome: status });
  }
}
