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

/** A comment on an alert or a case (TheHive 5's OutputComment, the fields socbot reads). */
export interface HiveComment {
  _id: string;
  _type: 'Comment';
  on: 'alert' | 'case';
  onId: string;
  message: string;
  createdAt: number;
}

interface QueryStep {
  _name: string;
  _and?: EqFilter[];
  idOrName?: string;
  _fields?: Array<Record<string, 'asc' | 'desc'>>;
  from?: number;
  to?: number;
}

/**
 * TheHive 5 as socbot uses it: Bearer API key; `POST /api/v1/alert` → 201 with `_id`, or 400
 * `CreateError` "already exists" for a duplicate type+source+sourceRef; `POST /api/v1/query` with
 * `listAlert`, a `filter` of `_and: [{ _eq }]` and `page` → an array of alerts;
 * `GET|PATCH /api/v1/alert/{id}` and `/api/v1/case/{id}` (PATCH → 204; an unknown status → 400);
 * comments: `POST /api/v1/<alert|case>/{id}/comment` `{ message }` → 201 with the comment (an empty
 * message → 400), and the query `[{ _name: 'getAlert'|'getCase', idOrName }, { _name: 'comments' },
 * sort by `_createdAt`, page]` → the comments as an array. `alertComments: false` stands for a
 * TheHive without comments on alerts (404 on the alert's comment route).
 */
export interface TheHiveStandIn extends StandIn {
  alerts: HiveAlert[];
  /** Cases made from alerts (`caseId` on the alert); tests add them. */
  cases: Array<{ _id: string; status: string; [field: string]: unknown }>;
  /** Every PATCH applied, as `<alert|case> <id> <status>`. */
  updates: string[];
  /** Every comment added, oldest first. */
  comments: HiveComment[];
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

export async function startTheHiveStandIn(
  apiKey: string,
  { alertComments = true }: { alertComments?: boolean } = {},
): Promise<TheHiveStandIn> {
  const alerts: HiveAlert[] = [];
  const cases: TheHiveStandIn['cases'] = [];
  const updates: string[] = [];
  const comments: HiveComment[] = [];
  const standIn = await startStandIn((request) => {
    const denied = requireBearer(request, apiKey, {
      type: 'AuthenticationError',
      message: 'Authentication failure',
    });
    if (denied) return denied;
    const commentOn = /^\/api\/v1\/(alert|case)\/([^/]+)\/comment$/.exec(request.url.pathname);
    if (commentOn && request.method === 'POST') {
      const kind = commentOn[1] === 'case' ? 'case' : 'alert';
      const id = decodeURIComponent(commentOn[2] ?? '');
      if (kind === 'alert' && !alertComments)
        return { status: 404, body: { type: 'NotFoundError', message: 'not found' } };
      if (!(kind === 'case' ? cases : alerts).some((candidate) => candidate._id === id))
        return { status: 404, body: { type: 'NotFoundError', message: `${kind} ${id} not found` } };
      const { message } = JSON.parse(request.body) as { message?: unknown };
      if (typeof message !== 'string' || message.trim() === '')
        return { status: 400, body: { type: 'BadRequest', message: 'Invalid message: must not be empty' } };
      const comment: HiveComment = {
        _id: `~${16384 + comments.length}`,
        _type: 'Comment',
        on: kind,
        onId: id,
        message,
        createdAt: 1_796_000_000_000 + comments.length,
      };
      comments.push(comment);
      return { status: 201, body: comment };
    }
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
      const { query } = JSON.parse(request.body) as { query: QueryStep[] };
      const [first, second] = query;
      if ((first?._name === 'getAlert' || first?._name === 'getCase') && second?._name === 'comments') {
        const kind = first._name === 'getCase' ? 'case' : 'alert';
        if (!(kind === 'case' ? cases : alerts).some((candidate) => candidate._id === first.idOrName))
          return { status: 404, body: { type: 'NotFoundError', message: `${kind} not found` } };
        const newestFirst = query.find((step) => step._name === 'sort')?._fields?.[0]?._createdAt === 'desc';
        const page = query.find((step) => step._name === 'page');
        const found = comments.filter((comment) => comment.on === kind && comment.onId === first.idOrName);
        const ordered = newestFirst ? found.toReversed() : found;
        return { status: 200, body: ordered.slice(page?.from ?? 0, page?.to ?? ordered.length) };
      }
      if (first?._name !== 'listAlert')
        return { status: 400, body: { type: 'BadRequest', message: 'unknown query' } };
      const filters = query.find((step) => step._name === 'filter')?._and ?? [];
      const found = alerts.filter((alert) => filters.every(({ _eq }) => alert[_eq._field] === _eq._value));
      return { status: 200, body: found.slice(0, 1) };
    }
    return { status: 404, body: { type: 'NotFoundError', message: 'not found' } };
  });
  return Object.assign(standIn, { alerts, cases, updates, comments });
}
