import type { Request, Response } from 'restify';
import type { ModelInfo } from './model-info';

/** What the bot tells /healthz about its data: side effects by state and start-up repairs. */
export interface BotHealth {
  /** Side effects by state (src/outbox/side-effect-counts.ts). */
  sideEffects: { queued: number; running: number; retrying: number; givenUp: number; failed: number };
  /** What start-up repaired (src/app/data-repair.ts): a cut-off last line set aside, a lost outbox rebuilt. */
  repairs: readonly { file: string; what: string; at: string }[];
}

/** What /healthz reports. */
export interface HealthReport {
  /**
   * `ok`; `degraded` (still 200: the bot answers) when side effects were given up or failed and
   * wait for a person; `unavailable` (503) when the outbox cannot be read; `draining` (503) while
   * the server stops.
   */
  status: 'ok' | 'degraded' | 'unavailable' | 'draining';
  /** Why the status is not `ok`, and what to do. */
  reason?: string;
  uptimeSeconds: number;
  turnsInFlight: number;
  /** The model the recognizer uses now; absent for bots without one (the echo bot). */
  model?: ModelInfo;
  sideEffects?: BotHealth['sideEffects'];
  repairs?: BotHealth['repairs'];
}

/**
 * `GET /healthz`: 200 while serving (`ok`, or `degraded` with the reason when side effects wait for
 * a person), 503 while draining (so a load balancer stops sending) or when the bot cannot read its
 * outbox. Carries no configuration and no secrets.
 *
 * @example
 *   server.get('/healthz', createHealthHandler({ startedAt: Date.now(), isDraining, turnsInFlight, model, health: bot.health }));
 */
export function createHealthHandler(source: {
  startedAt: number;
  isDraining: () => boolean;
  turnsInFlight: () => number;
  model: () => ModelInfo | undefined;
  /** The bot's data health; absent for bots that keep none (the echo bot). */
  health?: () => Promise<BotHealth>;
}) {
  return async (_req: Request, res: Response): Promise<void> => {
    const model = source.model();
    const base = {
      uptimeSeconds: Math.round((Date.now() - source.startedAt) / 100) / 10,
      turnsInFlight: source.turnsInFlight(),
      ...(model ? { model } : {}),
    };
    if (source.isDraining()) {
      res.send(503, { status: 'draining', ...base } satisfies HealthReport);
      return;
    }
    let health: BotHealth | undefined;
    try {
      health = await source.health?.();
    } catch (error) {
      const reason = `socbot cannot read its side effects: ${error instanceof Error ? error.message : String(error)}`;
      res.send(503, { status: 'unavailable', reason, ...base } satisfies HealthReport);
      return;
    }
    const reason = health && waitingForAPerson(health.sideEffects);
    const report: HealthReport = {
      status: reason ? 'degraded' : 'ok',
      ...(reason ? { reason } : {}),
      ...base,
      ...(health ? { sideEffects: health.sideEffects, repairs: health.repairs } : {}),
    };
    res.send(200, report);
  };
}

/** The side effects that ended NOT done and will not be tried again unless a person asks. */
function waitingForAPerson(counts: BotHealth['sideEffects']): string | undefined {
  const parts = [
    counts.givenUp > 0
      ? `${counts.givenUp} side ${counts.givenUp === 1 ? 'effect was' : 'effects were'} given up`
      : '',
    counts.failed > 0 ? `${counts.failed} side ${counts.failed === 1 ? 'effect' : 'effects'} failed` : '',
  ].filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  return `${parts.join(' and ')} and will not be tried again by itself: see \`socbot outbox list\`, then \`socbot outbox retry <id>\` or \`socbot outbox drop <id>\`.`;
}
