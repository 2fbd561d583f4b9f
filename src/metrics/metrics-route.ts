import type { Request, Response } from 'restify';
import { sendError } from '../channels/http-error';
import type { RouteMount } from '../channels/start-server';
import { metricsAccess } from './metrics-access';
import type { SocbotMetrics } from './socbot-metrics';

/** Path of the Prometheus endpoint. */
export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: the app's metrics in Prometheus text format (`text/plain; version=0.0.4`), for
 * those metricsAccess admits (METRICS_TOKEN, or loopback clients when it is empty). A scrape that
 * fails is a 500 with the reason in the log; the outbox being unreadable is not a failure (its
 * gauges are left empty, outbox-metrics.ts).
 *
 * @example
 *   const mount = metricsRoute(app.metrics, { token: config.metrics.token });
 *   mount(server, context);
 */
export function metricsRoute(metrics: Pick<SocbotMetrics, 'render'>, options: { token: string }): RouteMount {
  const refuse = metricsAccess(options.token);
  return (server, context) => {
    server.get(METRICS_PATH, async (req: Request, res: Response): Promise<void> => {
      const refusal = refuse(req);
      if (refusal) {
        if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="socbot metrics"');
        sendError(res, refusal.status, refusal.code, refusal.message);
        return;
      }
      try {
        const { contentType, body } = await metrics.render();
        res.sendRaw(200, body, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      } catch (error) {
        context.logger.error({ err: error }, '/metrics: could not collect the metrics');
        sendError(res, 500, 'INTERNAL', 'socbot could not collect its metrics; the log says why.');
      }
    });
  };
}
