import { requireBasicAuth } from './basic-auth-check';
import { startStandIn, type RecordedRequest, type StandIn, type StandInAnswer } from './stand-in-server';

export interface Incident {
  sys_id: string;
  number: string;
  correlation_id?: string;
  [field: string]: unknown;
}

/** One entry of a journal field (`work_notes`, `comments`): ServiceNow's sys_journal_field. */
export interface JournalEntry {
  element: 'work_notes' | 'comments';
  value: string;
  sys_created_on: string;
}

/** Journal fields: written by POST/PATCH as a new entry, never stored in the record itself. */
const JOURNAL_FIELDS = ['work_notes', 'comments'] as const;
const JOURNAL_LABELS = { work_notes: 'Work notes', comments: 'Additional comments' } as const;
const STATE_LABELS: Record<string, string> = {
  '1': 'New',
  '2': 'In Progress',
  '3': 'On Hold',
  '6': 'Resolved',
  '7': 'Closed',
  '8': 'Canceled',
};

/**
 * The ServiceNow Table API for `incident`, as far as socbot uses it: basic auth;
 * `GET /api/now/table/incident?sysparm_query=correlation_id=<v>&sysparm_limit=n` → `{ result: [...] }`;
 * `POST /api/now/table/incident` → 201 `{ result: { sys_id, number, ... } }`;
 * `GET /api/now/table/incident/{sys_id}` → `{ result }`; `PATCH` it with fields → `{ result }`
 * (404 `No Record found` for an unknown sys_id). Resolving (state 6) or closing (7) requires
 * `close_code` and `close_notes`, as the default data policy does. Journal fields (`work_notes`,
 * `comments`) behave as in ServiceNow: a write adds an entry, the record's value reads as empty,
 * and the entries (newest first, each under a "date - user (Work notes)" line) are only in the
 * display value (`sysparm_display_value=true|all`; `all` gives every field as
 * `{ display_value, value }`). `sysparm_fields` limits the fields of a read.
 */
export interface ServiceNowStandIn extends StandIn {
  incidents: Incident[];
  /** Journal entries by incident sys_id, oldest first. */
  journal: Map<string, JournalEntry[]>;
  /** Every PATCH applied to an incident, in order. */
  updates: Array<{ sys_id: string; fields: Record<string, unknown> }>;
}

export async function startServiceNowStandIn(user: string, password: string): Promise<ServiceNowStandIn> {
  const incidents: Incident[] = [];
  const updates: ServiceNowStandIn['updates'] = [];
  const journal: ServiceNowStandIn['journal'] = new Map();
  const standIn = await startStandIn((request) => {
    const denied = requireBasicAuth(request, user, password);
    if (denied) return denied;
    const record = /^\/api\/now\/table\/incident\/([^/]+)$/.exec(request.url.pathname);
    if (record)
      return recordRequest({ incidents, updates, journal }, decodeURIComponent(record[1] ?? ''), request);
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
      const sysId = `${incidents.length + 1}`.padStart(32, 'a');
      const fields = takeJournal(journal, sysId, JSON.parse(request.body) as Record<string, unknown>);
      // A new incident is in state 1 (New) unless the caller set one, as the dictionary default does.
      const incident: Incident = {
        state: '1',
        ...fields,
        sys_id: sysId,
        number: `INC${String(10001 + incidents.length).padStart(7, '0')}`,
      };
      incidents.push(incident);
      return { status: 201, body: { result: incident } };
    }
    return { status: 405 };
  });
  return Object.assign(standIn, { incidents, updates, journal });
}

function recordRequest(
  { incidents, updates, journal }: Pick<ServiceNowStandIn, 'incidents' | 'updates' | 'journal'>,
  sysId: string,
  request: RecordedRequest,
): StandInAnswer {
  const incident = incidents.find((candidate) => candidate.sys_id === sysId);
  if (!incident) return { status: 404, body: { error: { message: 'No Record found' }, status: 'failure' } };
  if (request.method === 'GET')
    return { status: 200, body: { result: readRecord(incident, journal, request) } };
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
  updates.push({ sys_id: sysId, fields: { ...fields } });
  Object.assign(incident, takeJournal(journal, sysId, fields));
  return { status: 200, body: { result: readRecord(incident, journal, request) } };
}

/** The fields of a write without its journal fields, each non-empty one added as an entry. */
function takeJournal(
  journal: ServiceNowStandIn['journal'],
  sysId: string,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const rest = { ...fields };
  for (const element of JOURNAL_FIELDS) {
    const value = rest[element];
    delete rest[element];
    if (typeof value !== 'string' || value === '') continue;
    const entries = journal.get(sysId) ?? [];
    const second = String(entries.length).padStart(2, '0');
    entries.push({ element, value, sys_created_on: `2026-12-06 17:00:${second}` });
    journal.set(sysId, entries);
  }
  return rest;
}

/** The record as the Table API reads it, with `sysparm_fields` and `sysparm_display_value`. */
function readRecord(
  incident: Incident,
  journal: ServiceNowStandIn['journal'],
  request: RecordedRequest,
): Record<string, unknown> {
  const display = request.url.searchParams.get('sysparm_display_value') ?? 'false';
  const wanted = request.url.searchParams.get('sysparm_fields')?.split(',');
  const names = wanted ?? [...new Set([...Object.keys(incident), ...JOURNAL_FIELDS])];
  const record: Record<string, unknown> = {};
  for (const name of names) {
    const journalField = (JOURNAL_FIELDS as readonly string[]).includes(name);
    const value = journalField ? '' : incident[name] === undefined ? '' : String(incident[name]);
    const shown = journalField
      ? journalDisplay(journal.get(incident.sys_id) ?? [], name as JournalEntry['element'])
      : name === 'state'
        ? (STATE_LABELS[value] ?? value)
        : value;
    record[name] = display === 'all' ? { display_value: shown, value } : display === 'true' ? shown : value;
  }
  return record;
}

/** A journal field's display value: its entries newest first, each under its header line. */
function journalDisplay(entries: JournalEntry[], element: JournalEntry['element']): string {
  return entries
    .filter((entry) => entry.element === element)
    .toReversed()
    .map((entry) => `${entry.sys_created_on} - socbot (${JOURNAL_LABELS[element]})\n${entry.value}\n\n`)
    .join('');
}
