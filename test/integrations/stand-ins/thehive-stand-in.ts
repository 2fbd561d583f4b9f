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
 * `listAlert`, a `filter` of `_and: [{ _eq }]` and `page` → an array of alerts;
 * `GET|PATCH /api/v1/alert/{id}` and `/api/v1/case/{id}` (PATCH → 204; an unknown status → 400).
 */
export interface TheHiveStandIn extends StandIn {
  alerts: HiveAlert[];
  /** Cases made from alerts (`caseId` on the alert); tests add them. */
  cases: Array<{ _id: string; status: string; [field: string]: unknown }>;
  /** Every PATCH applied, as `<alert|case> <id> <status>`. */
  updates: string[];
}

const ALERT_STATUSES = [
  'New',
  'InProgress',
  'Imported',
  'Ignored',
  'Duplicated',
  'FalsePositive',
  'TruePositive',
  'Other',
];
const CASE_STATUSES = [
  'New',
  'Open',
  'InProgress',
  'TruePositive',
  'FalsePositive',
  'Indeterminate',
  'Other',
  'Duplicated',
];

export async function startTheHiveStandIn(apiKey: string): Promise<TheHiveStandIn> {
  const alerts: HiveAlert[] = [];
  const cases: TheHiveStandIn['cases'] = [];
  const updates: string[] = [];
  const standIn = await startStandIn((request) => {
    const denied = requireBearer(request, apiKey, {
      type: 'AuthenticationError',
      message: 'Authentication failure',
    });
    if (denied) return denied;
    const one = /^\/api\/v1\/(alert|case)\/([^/]+)$/.exec(request.url.pathname);
    if (one) {
      const kind = one[1] === 'case' ? 'case' : 'alert';
      const id = decodeURIComponent(one[2] ?? '');
      const found = (kind === 'case' ? cases : alerts).find((candidate) => candidate._id === id);
      if (!found) return { status: 404, body: { type: 'NotFoundError', message: `${kind} ${id} not found` } };
      if (request.method === 'GET') return { status: 200, body: found };
      if (request.method !== 'PATCH') return { status: 405 };
      const change = JSON.parse(request.body) as Record<string, unknown>;
      const allowed = kind === 'case' ? CASE_STATUSES : ALERT_STATUSES;
      if (change.status !== undefined && !allowed.includes(String(change.status)))
        return {
          status: 400,
          body: { type: 'BadRequest', message: `Invalid status ${String(change.status)}` },
        };
      Object.assign(found, change);
      updates.push(`${kind} ${id} ${String(change.status)}`);
      return { status: 204 };
    }
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
      const alert = { ...input, _id: `~${4096 + alerts.length}`, _type: 'Alert', status: 'New' };
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
  return Object.assign(standIn, { alerts, cases, updates });
}
