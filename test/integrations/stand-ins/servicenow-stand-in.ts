import { requireBasicAuth } from './basic-auth-check';
import { startStandIn, type RecordedRequest, type StandIn, type StandInAnswer } from './stand-in-server';

export interface Incident {
  sys_id: string;
  number: string;
  correlation_id?: string;
  [field: string]: unknown;
}

/**
 * The ServiceNow Table API for `incident`, as far as socbot uses it: basic auth;
 * `GET /api/now/table/incident?sysparm_query=correlation_id=<v>&sysparm_limit=n` → `{ result: [...] }`;
 * `POST /api/now/table/incident` → 201 `{ result: { sys_id, number, ... } }`;
 * `GET /api/now/table/incident/{sys_id}` → `{ result }`; `PATCH` it with fields → `{ result }`
 * (404 `No Record found` for an unknown sys_id). Resolving (state 6) or closing (7) requires
 * `close_code` and `close_notes`, as the default data policy does.
 */
export interface ServiceNowStandIn extends StandIn {
  incidents: Incident[];
  /** Every PATCH applied to an incident, in order. */
  updates: Array<{ sys_id: string; fields: Record<string, unknown> }>;
}

export async function startServiceNowStandIn(user: string, password: string): Promise<ServiceNowStandIn> {
  const incidents: Incident[] = [];
  const updates: ServiceNowStandIn['updates'] = [];
  const standIn = await startStandIn((request) => {
    const denied = requireBasicAuth(request, user, password);
    if (denied) return denied;
    const record = /^\/api\/now\/table\/incident\/([^/]+)$/.exec(request.url.pathname);
    if (record) return recordRequest(incidents, updates, decodeURIComponent(record[1] ?? ''), request);
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
  return Object.assign(standIn, { incidents, updates });
}

function recordRequest(
  incidents: Incident[],
  updates: ServiceNowStandIn['updates'],
  sysId: string,
  request: RecordedRequest,
): StandInAnswer {
  const incident = incidents.find((candidate) => candidate.sys_id === sysId);
  if (!incident) return { status: 404, body: { error: { message: 'No Record found' }, status: 'failure' } };
  if (request.method === 'GET') return { status: 200, body: { result: incident } };
  if (request.method !== 'PATCH') return { status: 405 };
  if (request.headers['content-type'] !== 'application/json')
    return { status: 415, body: { error: { message: 'bad type' } } };
  const fields = JSON.parse(request.body) as Record<string, unknown>;
  const resolving = fields.state === '6' || fields.state === '7';
  if (resolving && (!fields.close_code || !fields.close_notes)) {
    return {
      status: 403,
      body: { error: { message: 'Data Policy Exception: Resolution code, Resolution notes are mandatory' } },
    };
  }
  Object.assign(incident, fields);
  updates.push({ sys_id: sysId, fields });
  return { status: 200, body: { result: incident } };
}
