import type { Logger } from '../../logger';
import type { AlertFacts, AlertPriority } from '../alert-facts';
import { alertDescription, alertTitle } from '../alert-description';
import { basicAuth } from '../basic-auth';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey, keyHash } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import { jqlString } from './jql';
import { ticketNotCreatedYet } from './ticket-not-created-yet';
import type { TicketingProvider, TicketResult, TicketUpdate } from './ticketing-provider';
import { updateNotes } from './update-notes';

/** Options of createJiraTicketing (from JIRA_URL, JIRA_USER, JIRA_TOKEN, JIRA_PROJECT, JIRA_ISSUE_TYPE). */
export interface JiraOptions {
  url: string;
  user: string;
  token: string;
  project: string;
  /** Default `Task`. */
  issueType: string;
  timeoutMs: number;
  logger: Logger;
}

/** Jira Cloud's issue search (Data Center: 404). */
const SEARCH_JQL_PATH = '/rest/api/2/search/jql';
/** Jira Data Center's issue search (Cloud: 410 Gone since 2025). */
const LEGACY_SEARCH_PATH = '/rest/api/2/search';

/** The label on every issue socbot creates; the second label, `socbot-<hash>`, is per idempotency key. */
export const JIRA_LABEL = 'socbot';

/** A priority label, so Jira filters and boards can sort by it whatever the project's priority scheme. */
const PRIORITY_LABEL: Record<AlertPriority, string> = {
  P1: 'socbot-p1',
  P2: 'socbot-p2',
  P3: 'socbot-p3',
  P4: 'socbot-p4',
  P5: 'socbot-p5',
};

/**
 * The transition names tried first, per change; otherwise the first transition into (close) or out of
 * (reopen) the `done` status category is taken, whatever the workflow calls it.
 */
export const JIRA_TRANSITION_NAMES = {
  close: ['done', 'close', 'closed', 'resolve', 'resolve issue'],
  reopen: ['reopen', 'reopen issue', 'to do', 'in progress'],
} as const;

interface JiraTransition {
  id: string;
  name: string;
  done: boolean;
}

interface JiraIssue {
  id: string;
  key: string;
}

/**
 * Tickets as Jira issues (REST v2, basic auth with an API token). The idempotency key becomes a
 * label `socbot-<16 hex of its SHA-256>`; every attempt first searches
 * `project = "<KEY>" AND labels = "socbot-<hash>"` and returns the issue an earlier attempt made.
 * Works with Jira Cloud (`/search/jql`) and Data Center (`/search`). Cloud's search is eventually
 * consistent: an issue created a moment ago may not be found yet, so the outbox should wait a few
 * seconds before retrying a Jira ticket that timed out.
 *
 * @example
 *   const jira = createJiraTicketing({ url, user, token, project: 'SOC', issueType: 'Task', timeoutMs, logger });
 *   (await jira.createTicket(alert, ctx)).number; // 'SOC-42'
 */
export function createJiraTicketing(options: JiraOptions): TicketingProvider {
  const http = createHttpClient({
    service: 'jira',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { Authorization: basicAuth(options.user, options.token) },
    secrets: [options.token],
    authFixHint: 'check JIRA_USER (the account e-mail) and JIRA_TOKEN (an API token of that account)',
    logger: options.logger,
  });
  const ticket = (issue: JiraIssue, existing: boolean): TicketResult => ({
    provider: 'jira',
    id: issue.id,
    number: issue.key,
    url: `${options.url.replace(/\/+$/, '')}/browse/${encodeURIComponent(issue.key)}`,
    existing,
  });

  // Jira Cloud removed GET /rest/api/2/search (CHANGE-2046, 410 Gone) for /search/jql; Data Center
  // has only /search. Try Cloud's first, fall back on 404/410, and remember what worked.
  let searchPaths = [SEARCH_JQL_PATH, LEGACY_SEARCH_PATH];
  const search = async (jql: string, signal: AbortSignal): Promise<{ issues?: unknown } | undefined> => {
    for (const [index, path] of searchPaths.entries()) {
      const last = index === searchPaths.length - 1;
      const { status, data } = await http.request<{ issues?: unknown } | undefined>(
        { method: 'GET', path, query: { jql, maxResults: 1, fields: 'key' } },
        { signal },
        { acceptStatus: last ? [] : [404, 410] },
      );
      if (status < 300) {
        searchPaths = [path];
        return data;
      }
    }
    return undefined;
  };
  // The /search/jql answer may hold only issue ids; the key is then read from the issue.
  const withKey = async (issue: { id: string; key?: string }, signal: AbortSignal): Promise<JiraIssue> => {
    if (issue.key) return { id: issue.id, key: issue.key };
    const { data } = await http.request(
      {
        method: 'GET',
        path: `/rest/api/2/issue/${encodeURIComponent(issue.id)}`,
        query: { fields: 'summary' },
      },
      { signal },
    );
    return readIssue(data);
  };

  const findByLabel = async (keyLabel: string, signal: AbortSignal): Promise<JiraIssue | undefined> => {
    const found = await search(
      `project = ${jqlString(options.project)} AND labels = ${jqlString(keyLabel)}`,
      signal,
    );
    const earlier = Array.isArray(found?.issues) ? (found.issues[0] as unknown) : undefined;
    return earlier === undefined ? undefined : withKey(readIssueId(earlier), signal);
  };
  const issueKeyOf = async (update: TicketUpdate, signal: AbortSignal): Promise<string> => {
    if ('id' in update.ticket) return update.ticket.number;
    const created = await findByLabel(labelOf(update.ticket.creationKey), signal);
    if (!created) throw ticketNotCreatedYet('jira', update.ref);
    return created.key;
  };

  return {
    name: 'jira',
    async createTicket(alert: AlertFacts, ctx) {
      const keyLabel = labelOf(ctx.idempotencyKey);
      const earlier = await findByLabel(keyLabel, ctx.signal);
      if (earlier) return ticket(earlier, true);

      const created = await http.request(
        {
          method: 'POST',
          path: '/rest/api/2/issue',
          body: {
            fields: {
              project: { key: options.project },
              issuetype: { name: options.issueType },
              summary: alertTitle(alert),
              description: alertDescription(alert),
              labels: [JIRA_LABEL, keyLabel, PRIORITY_LABEL[alert.priority]],
            },
          },
        },
        ctx,
      );
      return ticket(readIssue(created.data), false);
    },
    async updateTicket(update, ctx) {
      const marker = `socbot change ${checkIdempotencyKey(ctx.idempotencyKey, 'jira')}`;
      const issueKey = await issueKeyOf(update, ctx.signal);
      const issuePath = `/rest/api/2/issue/${encodeURIComponent(issueKey)}`;
      const { data: issue } = await http.request(
        { method: 'GET', path: issuePath, query: { fields: 'status' } },
        ctx,
      );
      // A note is only the comment: the issue stays in its status.
      const wantDone = update.change === 'note' ? isDone(issue) : update.change === 'close';
      const transitioned = isDone(issue) !== wantDone;
      if (transitioned && update.change !== 'note') {
        const { data } = await http.request({ method: 'GET', path: `${issuePath}/transitions` }, ctx);
        const transition = pickTransition(readTransitions(data), update.change);
        await http.request(
          { method: 'POST', path: `${issuePath}/transitions`, body: { transition: { id: transition.id } } },
          ctx,
        );
      }
      // The comment carries the key: an attempt after a timeout finds it and does not add a second.
      const { data: comments } = await http.request(
        {
          method: 'GET',
          path: `${issuePath}/comment`,
          query: { orderBy: '-created', maxResults: 50 },
        },
        ctx,
      );
      const commented = readCommentBodies(comments).some((body) => body.includes(marker));
      if (!commented) {
        await http.request(
          { method: 'POST', path: `${issuePath}/comment`, body: { body: commentOf(update, marker) } },
          ctx,
        );
      }
      return {
        provider: 'jira',
        number: issueKey,
        status: wantDone ? 'done' : 'open',
        unchanged: !transitioned && commented,
      };
    },
  };
}

/**
 * The comment: socbot's line, then the notes as {noformat} so no wiki markup in them acts. A
 * `{noformat}` inside them (any case, with or without parameters) would end the block early: it
 * is broken up.
 */
function commentOf(update: TicketUpdate, marker: string): string {
  const what =
    update.change === 'close'
      ? `socbot closed ${update.ref} as ${update.classification ?? 'true_positive'}.`
      : update.change === 'reopen'
        ? `socbot reopened ${update.ref}.`
        : `socbot added a note to ${update.ref}.`;
  const notes = updateNotes(update).replace(/\{\s*noformat\b[^}]*\}/gi, '(noformat)');
  return `${what} ${marker}\n{noformat}${notes}{noformat}`;
}

function isDone(issue: unknown): boolean {
  const fields = (issue as { fields?: { status?: { statusCategory?: { key?: unknown } } } } | undefined)
    ?.fields;
  return fields?.status?.statusCategory?.key === 'done';
}

function readTransitions(data: unknown): JiraTransition[] {
  const list = (data as { transitions?: unknown } | undefined)?.transitions;
  if (!Array.isArray(list)) return [];
  return list.flatMap((value: unknown) => {
    const transition = value as {
      id?: unknown;
      name?: unknown;
      to?: { statusCategory?: { key?: unknown } };
    };
    if (typeof transition.id !== 'string' || typeof transition.name !== 'string') return [];
    return [
      { id: transition.id, name: transition.name, done: transition.to?.statusCategory?.key === 'done' },
    ];
  });
}

function pickTransition(transitions: JiraTransition[], change: 'close' | 'reopen'): JiraTransition {
  const names: readonly string[] = JIRA_TRANSITION_NAMES[change];
  const wantDone = change === 'close';
  const named = transitions.find(
    (transition) => names.includes(transition.name.toLowerCase()) && transition.done === wantDone,
  );
  const found = named ?? transitions.find((transition) => transition.done === wantDone);
  if (found) return found;
  throw new IntegrationError(
    `jira offers no transition ${wantDone ? 'into' : 'out of'} a done status for this issue; give socbot's account the transition in the project's workflow (names tried: ${names.join(', ')}).`,
    { service: 'jira', kind: 'rejected', retryable: false },
  );
}

function readCommentBodies(data: unknown): string[] {
  const list = (data as { comments?: unknown } | undefined)?.comments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((comment: unknown) => {
    const body = (comment as { body?: unknown } | undefined)?.body;
    return typeof body === 'string' ? [body] : [];
  });
}

/** The label that carries an idempotency key on an issue. */
function labelOf(idempotencyKey: string): string {
  return `${JIRA_LABEL}-${keyHash(checkIdempotencyKey(idempotencyKey, 'jira'))}`;
}

function readIssueId(value: unknown): { id: string; key?: string } {
  const issue = value as Partial<JiraIssue> | undefined;
  if (typeof issue?.id !== 'string') return readIssue(value);
  return typeof issue.key === 'string' ? { id: issue.id, key: issue.key } : { id: issue.id };
}

function readIssue(value: unknown): JiraIssue {
  const issue = value as Partial<JiraIssue> | undefined;
  if (typeof issue?.id !== 'string' || typeof issue.key !== 'string') {
    throw new IntegrationError(
      'jira answered without an issue id and key; check that JIRA_URL is the site root.',
      {
        service: 'jira',
        kind: 'invalid-response',
        retryable: true,
      },
    );
  }
  return { id: issue.id, key: issue.key };
}
