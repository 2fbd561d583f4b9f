import { requireBearer } from './basic-auth-check';
import { startStandIn, type StandIn } from './stand-in-server';

export interface HiveAlert {
  _id: string;
  type: string;
  source: string;
  sourceRef: string;
  [field: string]: unknown;
}

interface EqFilter {
  _eq: { _field: string; _value: string };
}

/**
 * TheHive 5 as socbot uses it: Bearer API key; `POST /api/v1/alert` → 201 with `_id`, or 400
 * `CreateError` "already exists" for a duplicate type+source+sourceRef; `POST /api/v1/query` with
 * `listAlert`, a `filter` of `_and: [{ _eq }]` and `page` → an array of alerts.
 */
export interface TheHiveStandIn extends StandIn {
  alerts: HiveAlert[];
}

export async function startTheHiveStandIn(apiKey: string): Promise<TheHiveStandIn> {
  const alerts: HiveAlert[] = [];
  const standIn = await startStandIn((request) => {
    const denied = requireBearer(request, apiKey, {
      type: 'AuthenticationError',
      message: 'Authentication failure',
    });
    if (denied) return denied;
    if (request.method === 'POST' && request.url.pathname === '/api/v1/alert') {
      const input = JSON.parse(request.body) as HiveAlert;
      const duplicate = alerts.some(
        (alert) =>
          alert.type === input.type && alert.source === input.source && alert.sourceRef === input.sourceRef,
      );
      if (duplicate) {
        return {
          status: 400,
          body: {
            type: 'CreateError',
            message: `Alert ${input.type}:${input.source}:${input.sourceRef} already exists`,
          },
        };
      }
      const alert = { ...input, _id: `~${4096 + alerts.length}`, _type: 'Alert' };
      alerts.push(alert);
      return { status: 201, body: alert };
    }
    if (request.method === 'POST' && request.url.pathname === '/api/v1/query') {
      const { query } = JSON.parse(request.body) as { query: Array<{ _name: string; _and?: EqFilter[] }> };
      if (query[0]?._name !== 'listAlert')
        return { status: 400, body: { type: 'BadRequest', message: 'unknown query' } };
      const filters = query.find((step) => step._name === 'filter')?._and ?? [];
      const found = alerts.filter((alert) => filters.every(({ _eq }) => alert[_eq._field] === _eq._value));
      return { status: 200, body: found.slice(0, 1) };
    }
    return { status: 404, body: { type: 'NotFoundError', message: 'not found' } };
  });
  return Object.assign(standIn, { alerts });
}
