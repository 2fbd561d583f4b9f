import type { Logger } from '../../logger';
import type { AlertFacts, AlertPriority } from '../alert-facts';
import { alertDescription, alertTitle } from '../alert-description';
import { basicAuth } from '../basic-auth';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey, keyHash } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import { jqlString } from './jql';
import type { TicketingProvider, TicketResult } from './ticketing-provider';

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

interface JiraIssue {
  id: string;
  key: string;
}

/**
 * Tickets as Jira issues (REST v2, basic auth with an API token). The idempotency key becomes a
 * label `socbot-<16 hex of its SHA-256>`; every attempt first searches
 * `project = "<KEY>" AND labels = "socbot-<hash>"` and returns the issue an earlier attempt made.
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

  return {
    name: 'jira',
    async createTicket(alert: AlertFacts, ctx) {
      const keyLabel = `${JIRA_LABEL}-${keyHash(checkIdempotencyKey(ctx.idempotencyKey, 'jira'))}`;
      const found = await http.request<{ issues?: unknown }>(
        {
          method: 'GET',
          path: '/rest/api/2/search',
          query: {
            jql: `project = ${jqlString(options.project)} AND labels = ${jqlString(keyLabel)}`,
            maxResults: 1,
            fields: 'key',
          },
        },
        ctx,
      );
      const earlier = Array.isArray(found.data?.issues) ? found.data.issues[0] : undefined;
      if (earlier !== undefined) return ticket(readIssue(earlier), true);

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
  };
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
