import type { Request, Response } from 'restify';
import type { ModelInfo } from './model-info';

/** What /healthz reports. */
export interface HealthReport {
  status: 'ok' | 'draining';
  uptimeSeconds: number;
  turnsInFlight: number;
  /** The model the recognizer uses now; absent for bots without one (the echo bot). */
  model?: ModelInfo;
}

/**
 * `GET /healthz`: 200 while serving, 503 while draining (so a load balancer stops sending).
 * Carries no configuration and no secrets.
 *
 * @example
 *   server.get('/healthz', createHealthHandler({ startedAt: Date.now(), report: () => ({ ... }) }));
 */
export function createHealthHandler(source: {
  startedAt: number;
  isDraining: () => boolean;
  turnsInFlight: () => number;
  model: () => ModelInfo | undefined;
}) {
  return (_req: Request, res: Response, next: () => void): void => {
    const draining = source.isDraining();
    const model = source.model();
    const report: HealthReport = {
      status: draining ? 'draining' : 'ok',
      uptimeSeconds: Math.round((Date.now() - source.startedAt) / 100) / 10,
      turnsInFlight: source.turnsInFlight(),
      ...(model ? { model } : {}),
    };
    res.send(draining ? 503 : 200, report);
    next();
  };
}
