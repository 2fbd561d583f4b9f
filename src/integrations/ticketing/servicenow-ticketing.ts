import type { Logger } from '../../logger';
import type { AlertClassification } from '../../store/alert-change';
import type { AlertFacts, AlertPriority } from '../alert-facts';
import { alertDescription, alertTitle } from '../alert-description';
import { basicAuth } from '../basic-auth';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import { ticketNotCreatedYet } from './ticket-not-created-yet';
import type { TicketingProvider, TicketResult, TicketUpdate } from './ticketing-provider';
import { updateNotes } from './update-notes';

/** Options of createServiceNowTicketing (from SERVICENOW_URL, SERVICENOW_USER, SERVICENOW_PASSWORD). */
export interface ServiceNowOptions {
  url: string;
  user: string;
  password: string;
  timeoutMs: number;
  logger: Logger;
}

const INCIDENT_PATH = '/api/now/table/incident';
/** Fields read back: enough to report the ticket, nothing else. */
const FIELDS = 'sys_id,number,correlation_id';
/**
 * Fields an update reads first. `work_notes` is a journal field: the Table API gives its entries only
 * as the display value, hence `sysparm_display_value=all` (each field `{ value, display_value }`).
 */
const UPDATE_FIELDS = 'sys_id,number,state,close_notes,work_notes';

/**
 * ServiceNow urgency and impact (1 high, 2 medium, 3 low) per socbot priority, chosen so that the
 * default priority lookup rules give P1 → 1 Critical, P2 → 2 High, P3 → 3 Moderate, P4 → 4 Low,
 * P5 → 5 Planning.
 */
export const SERVICENOW_URGENCY_IMPACT: Record<AlertPriority, { urgency: string; impact: string }> = {
  P1: { urgency: '1', impact: '1' },
  P2: { urgency: '1', impact: '2' },
  P3: { urgency: '2', impact: '2' },
  P4: { urgency: '2', impact: '3' },
  P5: { urgency: '3', impact: '3' },
};

/** Incident states socbot sets: 6 Resolved when the alert is closed, 2 In Progress when it is reopened. */
export const SERVICENOW_STATE = { close: '6', reopen: '2' } as const;

/**
 * The incident close code per classification (the choice list of current ServiceNow releases); the
 * classification itself is written into the close notes.
 */
export const SERVICENOW_CLOSE_CODE: Record<AlertClassification, string> = {
  true_positive: 'Solution provided',
  confirmed_activity: 'Solution provided',
  false_positive: 'No resolution provided',
  expected_activity: 'No resolution provided',
};

interface IncidentRecord {
  sys_id: string;
  number: string;
}

/**
 * Tickets as ServiceNow incidents (Table API, basic auth). The idempotency key is stored in
 * `correlation_id` (with `correlation_display` = `socbot`), and every attempt first asks
 * `GET /api/now/table/incident?sysparm_query=correlation_id=<key>`: an incident created by an
 * attempt that timed out is found and returned instead of a second one being created.
 *
 * @example
 *   const servicenow = createServiceNowTicketing({ url, user, password, timeoutMs: 10_000, logger });
 *   const { number, id } = await servicenow.createTicket(alert, { idempotencyKey: 'ticket:SOC-2026-0001', signal });
 */
export function createServiceNowTicketing(options: ServiceNowOptions): TicketingProvider {
  const http = createHttpClient({
    service: 'servicenow',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { Authorization: basicAuth(options.user, options.password) },
    secrets: [options.password],
    authFixHint: 'check SERVICENOW_USER and SERVICENOW_PASSWORD (the user needs the itil role)',
    logger: options.logger,
  });
  const ticket = (record: IncidentRecord, existing: boolean): TicketResult => ({
    provider: 'servicenow',
    id: record.sys_id,
    number: record.number,
    url: `${options.url.replace(/\/+$/, '')}/incident.do?sys_id=${encodeURIComponent(record.sys_id)}`,
    existing,
  });

  const findByKey = async (key: string, signal: AbortSignal): Promise<IncidentRecord | undefined> => {
    const found = await http.request<{ result?: unknown }>(
      {
        method: 'GET',
        path: INCIDENT_PATH,
        // The key's shape (no ^ or =) keeps it one term of the encoded query.
        query: { sysparm_query: `correlation_id=${key}`, sysparm_limit: 1, sysparm_fields: FIELDS },
      },
      { signal },
    );
    const earlier: unknown = Array.isArray(found.data?.result) ? found.data.result[0] : undefined;
    return earlier === undefined ? undefined : readIncident(earlier);
  };
  const incidentOf = async (update: TicketUpdate, signal: AbortSignal): Promise<IncidentRecord> => {
    if ('id' in update.ticket) return { sys_id: update.ticket.id, number: update.ticket.number };
    const created = await findByKey(checkIdempotencyKey(update.ticket.creationKey, 'servicenow'), signal);
    if (!created) throw ticketNotCreatedYet('servicenow', update.ref);
    return created;
  };

  return {
    name: 'servicenow',
    async createTicket(alert: AlertFacts, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, 'servicenow');
      const earlier = await findByKey(key, ctx.signal);
      if (earlier) return ticket(earlier, true);

      const { urgency, impact } = SERVICENOW_URGENCY_IMPACT[alert.priority];
      const created = await http.request<{ result?: unknown }>(
        {
          method: 'POST',
          path: INCIDENT_PATH,
          query: { sysparm_fields: FIELDS },
          body: {
            short_description: alertTitle(alert),
            description: alertDescription(alert),
            urgency,
            impact,
            correlation_id: key,
            correlation_display: 'socbot',
          },
        },
        ctx,
      );
      return ticket(readIncident(created.data?.result), false);
    },
    async updateTicket(update, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, 'servicenow');
      const incident = await incidentOf(update, ctx.signal);
      const path = `${INCIDENT_PATH}/${encodeURIComponent(incident.sys_id)}`;
      // The key in the notes marks this change: an attempt after a timeout finds it done.
      const notes = `${journalText(updateNotes(update))}\n[socbot ${key}]`;
      const { data } = await http.request<{ result?: Record<string, unknown> }>(
        { method: 'GET', path, query: { sysparm_fields: UPDATE_FIELDS, sysparm_display_value: 'all' } },
        ctx,
      );
      const now = data?.result;
      const current = valueOf(now?.state);
      // A note changes no state: the incident stays where it is.
      const state = update.change === 'note' ? current : SERVICENOW_STATE[update.change];
      const noted = [now?.close_notes, now?.work_notes].some((field) =>
        textsOf(field).some((text) => text.includes(key)),
      );
      if (noted && current === state) {
        return { provider: 'servicenow', number: incident.number, status: state, unchanged: true };
      }
      await http.request(
        {
          method: 'PATCH',
          path,
          query: { sysparm_fields: FIELDS },
          body: incidentChange(update, state, notes),
        },
        ctx,
      );
      return { provider: 'servicenow', number: incident.number, status: state, unchanged: false };
    },
  };
}

/**
 * The fields a change sets: resolve with close code and notes, back to In Progress with a work note,
 * or only the work note.
 */
function incidentChange(update: TicketUpdate, state: string, notes: string): Record<string, string> {
  if (update.change === 'note') return { work_notes: notes };
  if (update.change === 'reopen') return { state, work_notes: notes };
  const classification = update.classification ?? 'true_positive';
  return {
    state,
    close_code: SERVICENOW_CLOSE_CODE[classification],
    close_notes: `Classification: ${classification}. ${notes}`,
  };
}

/**
 * Text for a journal field: ServiceNow renders what stands between `[code]` and `[/code]` in a work
 * note as HTML, so those tags are broken up and a note from outside stays plain text.
 *
 * @example
 *   journalText('[code]<img src=x onerror=alert(1)>[/code]'); // '(code)<img src=x onerror=alert(1)>(/code)'
 */
export function journalText(text: string): string {
  return text.replace(/\[\s*(\/?)\s*code\s*\]/gi, '($1code)');
}

/** A field read with `sysparm_display_value=all` (`{ value, display_value }`), or a plain value. */
function valueOf(field: unknown): string {
  if (typeof field === 'string') return field;
  const value = (field as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : '';
}

/** Both forms of a field: a journal field's entries are in its display value only. */
function textsOf(field: unknown): string[] {
  if (typeof field === 'string') return [field];
  const { value, display_value } = (field ?? {}) as { value?: unknown; display_value?: unknown };
  return [value, display_value].filter((text): text is string => typeof text === 'string');
}

function readIncident(value: unknown): IncidentRecord {
  const record = value as Partial<IncidentRecord> | undefined;
  if (typeof record?.sys_id !== 'string' || typeof record.number !== 'string') {
    throw new IntegrationError(
      'servicenow answered without an incident sys_id and number; check that SERVICENOW_URL points at the instance root (not a UI page).',
      { service: 'servicenow', kind: 'invalid-response', retryable: true },
    );
  }
  return { sys_id: record.sys_id, number: record.number };
}
