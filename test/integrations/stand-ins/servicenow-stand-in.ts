import { requireBasicAuth } from './basic-auth-check';
import { startStandIn, type StandIn } from './stand-in-server';

export interface Incident {
  sys_id: string;
  number: string;
  correlation_id?: string;
  [field: string]: unknown;
}

/**
 * The ServiceNow Table API for `incident`, as far as socbot uses it: basic auth;
 * `GET /api/now/table/incident?sysparm_query=correlation_id=<v>&sysparm_limit=n` → `{ result: [...] }`;
 * `POST /api/now/table/incident` → 201 `{ result: { sys_id, number, ... } }`.
 */
export interface ServiceNowStandIn extends StandIn {
  incidents: Incident[];
}

export async function startServiceNowStandIn(user: string, password: string): Promise<ServiceNowStandIn> {
  const incidents: Incident[] = [];
  const standIn = await startStandIn((request) => {
    const denied = requireBasicAuth(request, user, password);
    if (denied) return denied;
    if (request.url.pathname !== '/api/now/table/incident')
      return { status: 404, body: { error: { message: 'Invalid table' } } };
    if (request.method === 'GET') {
      const query = request.url.searchParams.get('sysparm_query') ?? '';
      const limit = Number(request.url.searchParams.get('sysparm_limit') ?? '10000');
      // Encoded query: terms joined by ^; only `field=value` is supported here.
      const terms = query
        .split('^')
        .filter(Boolean)
        .map((term) => term.split('=') as [string, string?]);
      const matching = incidents.filter((incident) =>
        terms.every(([field, value]) => incident[field] === value),
      );
      return { status: 200, body: { result: matching.slice(0, limit) } };
    }
    if (request.method === 'POST') {
      if (request.headers['content-type'] !== 'application/json')
        return { status: 415, body: { error: { message: 'bad type' } } };
      const fields = JSON.parse(request.body) as Record<string, unknown>;
      const incident: Incident = {
        ...fields,
        sys_id: `${incidents.length + 1}`.padStart(32, 'a'),
        number: `INC${String(10001 + incidents.length).padStart(7, '0')}`,
      };
      incidents.push(incident);
      return { status: 201, body: { result: incident } };
    }
    return { status: 405 };
  });
  return Object.assign(standIn, { incidents });
}
