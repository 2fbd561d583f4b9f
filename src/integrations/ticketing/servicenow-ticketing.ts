import type { Logger } from '../../logger';
import type { AlertClassification } from '../../store/alert-change';
import type { AlertFacts, AlertPriority } from '../alert-facts';
import { alertDescription, alertTitle } from '../alert-description';
import { basicAuth } from '../basic-auth';
import { multiLine } from '../bounded-text';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import { ticketNotCreatedYet } from './ticket-not-created-yet';
import type { TicketingProvider, TicketResult, TicketUpdate } from './ticketing-provider';

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
      const state = SERVICENOW_STATE[update.change];
      // The key in the notes marks this change: an attempt after a timeout finds it done.
      const notes = `${multiLine(update.notes, 3000)}\n[socbot ${key}]`;
      const { data } = await http.request<{ result?: Record<string, unknown> }>(
        { method: 'GET', path, query: { sysparm_fields: 'sys_id,number,state,close_notes,work_notes' } },
        ctx,
      );
      const now = data?.result;
      const noted = [now?.close_notes, now?.work_notes].some(
        (text) => typeof text === 'string' && text.includes(key),
      );
      if (now?.state === state && noted) {
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

/** The fields a change sets: resolve with close code and notes, or back to In Progress with a work note. */
function incidentChange(update: TicketUpdate, state: string, notes: string): Record<string, string> {
  if (update.change === 'reopen') return { state, work_notes: notes };
  const classification = update.classification ?? 'true_positive';
  return {
    state,
    close_code: SERVICENOW_CLOSE_CODE[classification],
    close_notes: `Classification: ${classification}. ${notes}`,
  };
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
