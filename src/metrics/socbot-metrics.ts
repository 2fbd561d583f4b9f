import { collectDefaultMetrics, Registry } from 'prom-client';
import type { TurnObserver } from '../conversation/turn-observer';
import type { Logger } from '../logger';
import { NluMetrics } from './nlu-metrics';
import { OutboxMetrics, type OutboxJobsSource } from './outbox-metrics';
import { SideEffectMetrics, type SettledJobs } from './side-effect-metrics';
import { StoreMetrics } from './store-metrics';
import { TurnMetrics } from './turn-metrics';

/** One scrape: the text and its content type (Prometheus text format 0.0.4). */
export interface MetricsText {
  contentType: string;
  body: string;
}

/**
 * One app's metrics, on a registry of its own (not prom-client's global one: tests build many apps
 * in one process, and two registries never mix). The groups live in their own files; this only
 * assembles them. Node's process metrics (`process_*`, `nodejs_*`) join at the first scrape, so a
 * process nobody scrapes (`socbot chat`, tests) starts no observers.
 *
 * @example
 *   const metrics = createSocbotMetrics();
 *   const db = openDatabase(settings, { onQuery: metrics.store.onQuery });
 *   const stop = metrics.watchOutbox(outbox, JOB_KINDS.types, logger);
 *   const { contentType, body } = await metrics.render(); // GET /metrics
 */
export interface SocbotMetrics {
  readonly registry: Registry;
  /** For the bot (BotWiring.turnObserver): turns by outcome and the NLU's confidence. */
  readonly turnObserver: TurnObserver;
  /** For the Database's `onQuery`: store latency. */
  readonly store: StoreMetrics;
  /** The outbox's depth and oldest age (read per scrape) and its outcomes (settle events); returns what stops listening. */
  watchOutbox(outbox: OutboxJobsSource & SettledJobs, kinds: readonly string[], logger?: Logger): () => void;
  render(): Promise<MetricsText>;
}

export function createSocbotMetrics(): SocbotMetrics {
  const registry = new Registry();
  const turns = new TurnMetrics(registry);
  const nlu = new NluMetrics(registry);
  const store = new StoreMetrics(registry);
  let processMetrics = false;
  return {
    registry,
    turnObserver: {
      turnEnded: (status) => turns.turnEnded(status),
      recognized: (recognition, answersForm) => nlu.recognized(recognition, answersForm),
    },
    store,
    watchOutbox(outbox, kinds, logger) {
      new OutboxMetrics(registry, { outbox, kinds, ...(logger ? { logger } : {}) });
      return new SideEffectMetrics(registry).observe(outbox);
    },
    async render() {
      if (!processMetrics) {
        processMetrics = true;
        collectDefaultMetrics({ register: registry });
      }
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
