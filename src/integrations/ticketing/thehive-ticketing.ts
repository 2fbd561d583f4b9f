import type { Logger } from '../../logger';
import type { AlertClassification } from '../../store/alert-change';
import type { AlertFacts, AlertPriority } from '../alert-facts';
import { alertDescription, alertTitle } from '../alert-description';
import { singleLine } from '../bounded-text';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import { escapeCardMarkdown } from '../notify/card-markdown';
import { scrubSecrets } from '../scrub-secrets';
import { ticketNotCreatedYet } from './ticket-not-created-yet';
import type { TicketingProvider, TicketResult, TicketUpdate } from './ticketing-provider';
import { updateNotes } from './update-notes';

/** Options of createTheHiveTicketing (from THEHIVE_URL, THEHIVE_API_KEY). */
export interface TheHiveOptions {
  url: string;
  apiKey: string;
  timeoutMs: number;
  logger: Logger;
}

/** TheHive alert `type` and `source`: with `sourceRef` they identify an alert uniquely. */
export const THEHIVE_ALERT_TYPE = 'sap-etd';
/** See THEHIVE_ALERT_TYPE. */
export const THEHIVE_SOURCE = 'socbot';

/** TheHive severity: 1 low, 2 medium, 3 high, 4 critical. */
export const THEHIVE_SEVERITY: Record<AlertPriority, number> = { P1: 4, P2: 3, P3: 2, P4: 1, P5: 1 };

/**
 * The TheHive 5 alert status per classification (the default statuses), and `InProgress` when the
 * alert is reopened; a case made from the alert gets the case status of the same name.
 */
export const THEHIVE_CLOSED_STATUS: Record<AlertClassification, string> = {
  true_positive: 'TruePositive',
  confirmed_activity: 'TruePositive',
  false_positive: 'FalsePositive',
  expected_activity: 'Other',
};
/** See THEHIVE_CLOSED_STATUS. */
export const THEHIVE_REOPENED_STATUS = { alert: 'InProgress', case: 'Open' } as const;

/** How many of the newest comments a note looks through for its key before adding itself. */
export const THEHIVE_COMMENTS_READ = 100;

interface HiveAlert {
  _id: string;
}

/** Where a note goes: the case made from the alert, or the alert itself. */
interface CommentTarget {
  kind: 'alert' | 'case';
  id: string;
}

/**
 * Tickets as TheHive 5 alerts (Bearer API key). `sourceRef` is the idempotency key and TheHive
 * refuses a second alert with the same type, source and sourceRef, so every attempt first queries
 * for it, and an "already exists" answer (a race with a timed-out attempt) is answered by
 * fetching the existing alert.
 *
 * @example
 *   const hive = createTheHiveTicketing({ url, apiKey, timeoutMs, logger });
 *   (await hive.createTicket(alert, ctx)).id; // '~4144'
 */
export function createTheHiveTicketing(options: TheHiveOptions): TicketingProvider {
  const http = createHttpClient({
    service: 'thehive',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { Authorization: `Bearer ${options.apiKey}` },
    secrets: [options.apiKey],
    authFixHint:
      'check THEHIVE_API_KEY (the account needs the permission to create alerts in its organisation)',
    logger: options.logger,
  });
  const ticket = (alert: HiveAlert, existing: boolean): TicketResult => ({
    provider: 'thehive',
    id: alert._id,
    number: alert._id,
    url: `${options.url.replace(/\/+$/, '')}/alerts/${encodeURIComponent(alert._id)}/details`,
    existing,
  });
  const findBySourceRef = async (sourceRef: string, signal: AbortSignal): Promise<HiveAlert | undefined> => {
    const { data } = await http.request(
      {
        method: 'POST',
        path: '/api/v1/query',
        query: { name: 'socbot-alert-by-source-ref' },
        body: {
          query: [
            { _name: 'listAlert' },
            {
              _name: 'filter',
              _and: [
                { _eq: { _field: 'type', _value: THEHIVE_ALERT_TYPE } },
                { _eq: { _field: 'source', _value: THEHIVE_SOURCE } },
                { _eq: { _field: 'sourceRef', _value: sourceRef } },
              ],
            },
            { _name: 'page', from: 0, to: 1 },
          ],
        },
      },
      { signal },
    );
    const first: unknown = Array.isArray(data) ? data[0] : undefined;
    return first === undefined ? undefined : readAlert(first);
  };

  const alertOf = async (update: TicketUpdate, signal: AbortSignal): Promise<HiveAlert> => {
    if ('id' in update.ticket) return { _id: update.ticket.id };
    const created = await findBySourceRef(checkIdempotencyKey(update.ticket.creationKey, 'thehive'), signal);
    if (!created) throw ticketNotCreatedYet('thehive', update.ref);
    return created;
  };

  return {
    name: 'thehive',
    async createTicket(alert: AlertFacts, ctx) {
      const sourceRef = checkIdempotencyKey(ctx.idempotencyKey, 'thehive');
      const earlier = await findBySourceRef(sourceRef, ctx.signal);
      if (earlier) return ticket(earlier, true);

      const created = await http.request(
        {
          method: 'POST',
          path: '/api/v1/alert',
          body: {
            type: THEHIVE_ALERT_TYPE,
            source: THEHIVE_SOURCE,
            sourceRef,
            title: alertTitle(alert),
            description: alertDescription(alert),
            severity: THEHIVE_SEVERITY[alert.priority],
            tags: ['socbot', `sap-system:${singleLine(alert.system, 32)}`],
            observables: observablesOf(alert),
          },
        },
        ctx,
        { acceptStatus: [400, 409] },
      );
      if (created.status === 201 || created.status === 200) return ticket(readAlert(created.data), false);
      if (!saysAlreadyExists(created.data)) {
        const refused = new IntegrationError(
          `thehive rejected the alert (${created.status}). Check the alert fields and the account's organisation; thehive's answer is in socbot's log.`,
          {
            service: 'thehive',
            kind: 'rejected',
            retryable: false,
            status: created.status,
            serviceAnswer: singleLine(scrubSecrets(answerText(created.data), [options.apiKey]), 300),
          },
        );
        options.logger.warn(
          { service: 'thehive', status: created.status, serviceAnswer: refused.serviceAnswer },
          refused.message,
        );
        throw refused;
      }
      const existing = await findBySourceRef(sourceRef, ctx.signal);
      if (!existing) {
        throw new IntegrationError(
          'thehive says the alert already exists but does not return it to this account; check that THEHIVE_API_KEY belongs to the organisation that owns socbot alerts.',
          { service: 'thehive', kind: 'invalid-response', retryable: true, status: created.status },
        );
      }
      return ticket(existing, true);
    },
    async updateTicket(update, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, 'thehive');
      const hiveAlert = await alertOf(update, ctx.signal);
      const alertPath = `/api/v1/alert/${encodeURIComponent(hiveAlert._id)}`;
      const { data } = await http.request<Record<string, unknown> | undefined>(
        { method: 'GET', path: alertPath },
        ctx,
      );
      // An alert already made into a case is followed by its case: the case is where people work.
      const caseId = typeof data?.caseId === 'string' ? data.caseId : undefined;
      const path = caseId ? `/api/v1/case/${encodeURIComponent(caseId)}` : alertPath;
      const current = caseId
        ? (await http.request<Record<string, unknown> | undefined>({ method: 'GET', path }, ctx)).data
        : data;
      if (update.change === 'note') {
        const target: CommentTarget = caseId
          ? { kind: 'case', id: caseId }
          : { kind: 'alert', id: hiveAlert._id };
        const added = await addComment(update, key, target, ctx);
        const status = typeof current?.status === 'string' ? current.status : '';
        return { provider: 'thehive', number: hiveAlert._id, status, unchanged: !added };
      }
      const status =
        update.change === 'close'
          ? THEHIVE_CLOSED_STATUS[update.classification ?? 'true_positive']
          : THEHIVE_REOPENED_STATUS[caseId ? 'case' : 'alert'];
      if (current?.status === status) {
        return { provider: 'thehive', number: hiveAlert._id, status, unchanged: true };
      }
      const what =
        update.change === 'close'
          ? `closed ${update.ref} as ${update.classification ?? 'true_positive'}`
          : `reopened ${update.ref}`;
      // TheHive renders the summary as markdown: the notes stay plain text.
      const summary = escapeCardMarkdown(`socbot: ${what}. ${updateNotes(update)}`);
      await http.request({ method: 'PATCH', path, body: { status, summary } }, ctx);
      return { provider: 'thehive', number: hiveAlert._id, status, unchanged: false };
    },
  };

  /**
   * Adds the note as a comment (`POST /api/v1/<alert|case>/{id}/comment`), unless one of the newest
   * comments already carries its key (an attempt after a timeout); true when it was added.
   */
  async function addComment(
    update: TicketUpdate,
    key: string,
    target: CommentTarget,
    ctx: { signal: AbortSignal },
  ): Promise<boolean> {
    const marker = `socbot note ${key}`;
    const { data } = await http.request(
      {
        method: 'POST',
        path: '/api/v1/query',
        query: { name: `socbot-${target.kind}-comments` },
        body: {
          query: [
            { _name: target.kind === 'case' ? 'getCase' : 'getAlert', idOrName: target.id },
            { _name: 'comments' },
            { _name: 'sort', _fields: [{ _createdAt: 'desc' }] },
            { _name: 'page', from: 0, to: THEHIVE_COMMENTS_READ },
          ],
        },
      },
      ctx,
    );
    if (readMessages(data).some((message) => message.includes(marker))) return false;
    const posted = await http.request(
      {
        method: 'POST',
        path: `/api/v1/${target.kind}/${encodeURIComponent(target.id)}/comment`,
        body: { message: commentMessage(update, marker) },
      },
      ctx,
      // A TheHive without comments on alerts answers 404/405 there: say so instead of a bare status.
      { acceptStatus: target.kind === 'alert' ? [404, 405] : [] },
    );
    if (posted.status === 404 || posted.status === 405) throw noAlertComments(update.ref, posted.status);
    return true;
  }
}

/**
 * The comment: socbot's line with the key in a code span (found again verbatim), then the note as
 * plain text: TheHive renders comments as markdown, so every markdown and HTML character in the
 * note is escaped and its lines stay lines.
 */
function commentMessage(update: TicketUpdate, marker: string): string {
  const lines = updateNotes(update)
    .split('\n')
    .map((line) => plainMarkdown(line));
  return `${plainMarkdown(`socbot added a note to ${update.ref}.`)} \`${marker}\`\n\n${lines.join('  \n')}`;
}

/** Markdown that shows as the text itself: markdown characters, `<`, `&` and `!` backslash-escaped. */
function plainMarkdown(text: string): string {
  return escapeCardMarkdown(text).replace(/[<&!]/g, (character) => `\\${character}`);
}

function readMessages(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((comment: unknown) => {
    const message = (comment as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? [message] : [];
  });
}

function noAlertComments(ref: string, status: number): IntegrationError {
  return new IntegrationError(
    `thehive does not take comments on this alert (${status}): this TheHive offers no comments on alerts, or the alert was deleted. The note stays on ${ref} in socbot; add it to TheHive by hand if needed.`,
    { service: 'thehive', kind: 'rejected', retryable: false, status },
  );
}

/** The attacker as TheHive observables: terminal as hostname, IP, and the SAP user and system as `other`. */
function observablesOf(alert: AlertFacts): Array<{ dataType: string; data: string; message: string }> {
  const observables = [
    { dataType: 'hostname', data: singleLine(alert.terminal), message: 'attacker terminal' },
    { dataType: 'other', data: singleLine(`SAP user ${alert.username}`), message: 'SAP user' },
  ];
  if (alert.ip)
    observables.push({ dataType: 'ip', data: singleLine(alert.ip), message: 'attacker IP address' });
  return observables;
}

function readAlert(value: unknown): HiveAlert {
  const alert = value as Partial<HiveAlert> | undefined;
  if (typeof alert?._id !== 'string') {
    throw new IntegrationError(
      'thehive answered without an alert _id; check that THEHIVE_URL is the TheHive 5 root URL.',
      {
        service: 'thehive',
        kind: 'invalid-response',
        retryable: true,
      },
    );
  }
  return { _id: alert._id };
}

function saysAlreadyExists(data: unknown): boolean {
  return /already exist/i.test(excerpt(data));
}

function excerpt(data: unknown): string {
  return singleLine(answerText(data), 200);
}

function answerText(data: unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data ?? '');
}
