import { IntegrationError } from '../../src/integrations/integration-error';
import { createJiraTicketing } from '../../src/integrations/ticketing/jira-ticketing';
import {
  createServiceNowTicketing,
  SERVICENOW_CLOSE_CODE,
} from '../../src/integrations/ticketing/servicenow-ticketing';
import { createTheHiveTicketing } from '../../src/integrations/ticketing/thehive-ticketing';
import type { TicketingProvider, TicketUpdate } from '../../src/integrations/ticketing/ticketing-provider';
import {
  ALERT_UPDATED_WEBHOOK_EVENT,
  createWebhookTicketing,
} from '../../src/integrations/ticketing/webhook-ticketing';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, ctx, HOSTILE, TEST_TIMEOUT_MS } from './fixtures';
import { startJiraStandIn } from './stand-ins/jira-stand-in';
import { startServiceNowStandIn } from './stand-ins/servicenow-stand-in';
import { jsonBody, type StandIn } from './stand-ins/stand-in-server';
import { startTheHiveStandIn } from './stand-ins/thehive-stand-in';
import { header, startWebhookReceiver } from './stand-ins/webhook-receiver';

const KEY = 'SOC-2026-0001:ticket.update:turn-9';
const SECRET = 'ticket-secret-NEVER-LOGGED-0123456789';
const log = createCapturedLogger('debug');

/** The close of SOC-2026-0001 as a false positive, for a ticket created before. */
function closeOf(
  ticket: TicketUpdate['ticket'],
  notes = 'SOC-2026-0001 closed as false_positive by Ana.',
): TicketUpdate {
  return { ref: ALERT.ref, ticket, change: 'close', classification: 'false_positive', notes };
}

/** A 503 for the next request that matches, before the API acts. */
function unavailableOnce(standIn: StandIn, when: (method: string, path: string) => boolean): void {
  standIn.script({
    when: (request) => when(request.method, request.url.pathname),
    answer: { status: 503, body: { error: 'maintenance' } },
  });
}

async function failsRetryably(attempt: Promise<unknown>): Promise<void> {
  const error = await attempt.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(IntegrationError);
  expect(error).toMatchObject({ retryable: true });
}

afterEach(() => {
  // No secret in any log line, whatever happened.
  expect(log.text()).not.toContain(SECRET);
});

describe('ServiceNow: the incident follows the alert', () => {
  async function setUp() {
    const standIn = await startServiceNowStandIn('socbot', SECRET);
    const servicenow = createServiceNowTicketing({
      url: standIn.url,
      user: 'socbot',
      password: SECRET,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });
    const created = await servicenow.createTicket(ALERT, ctx('SOC-2026-0001:ticket.create'));
    standIn.requests.splice(0);
    return { standIn, servicenow, ticket: created };
  }

  it('resolves the incident by PATCH with state 6, the close code and the notes', async () => {
    const { standIn, servicenow, ticket } = await setUp();
    try {
      const result = await servicenow.updateTicket(closeOf(ticket), ctx(KEY));

      expect(result).toEqual({ provider: 'servicenow', number: 'INC0010001', status: '6', unchanged: false });
      const patch = standIn.requests.find((request) => request.method === 'PATCH');
      expect(patch?.url.pathname).toBe(`/api/now/table/incident/${ticket.id}`);
      const body = jsonBody(patch);
      expect(body).toMatchObject({ state: '6', close_code: SERVICENOW_CLOSE_CODE.false_positive });
      expect(body.close_notes).toContain('false_positive');
      expect(body.close_notes).toContain(KEY);
      expect(standIn.incidents[0]).toMatchObject({ state: '6', close_code: 'No resolution provided' });
    } finally {
      await standIn.close();
    }
  });

  it('updates once for the same change twice, and once after a 5xx', async () => {
    const { standIn, servicenow, ticket } = await setUp();
    try {
      unavailableOnce(standIn, (method) => method === 'PATCH');
      await failsRetryably(servicenow.updateTicket(closeOf(ticket), ctx(KEY)));
      await servicenow.updateTicket(closeOf(ticket), ctx(KEY));
      const again = await servicenow.updateTicket(closeOf(ticket), ctx(KEY));

      expect(again.unchanged).toBe(true);
      expect(standIn.updates).toHaveLength(1);
    } finally {
      await standIn.close();
    }
  });

  it('puts a reopened incident back in progress with a work note', async () => {
    const { standIn, servicenow, ticket } = await setUp();
    try {
      await servicenow.updateTicket(closeOf(ticket), ctx(KEY));
      await servicenow.updateTicket(
        { ref: ALERT.ref, ticket, change: 'reopen', notes: 'reopened by Ana' },
        ctx('SOC-2026-0001:ticket.update:turn-10'),
      );
      expect(standIn.updates.map((update) => update.fields.state)).toEqual(['6', '2']);
      const [note] = standIn.journal.get(ticket.id) ?? [];
      expect(note).toMatchObject({
        element: 'work_notes',
        value: expect.stringContaining('reopened by Ana'),
      });
    } finally {
      await standIn.close();
    }
  });
});

describe('Jira: the issue follows the alert', () => {
  async function setUp() {
    const standIn = await startJiraStandIn('socbot@example.com', SECRET, 'SOC');
    const jira = createJiraTicketing({
      url: standIn.url,
      user: 'socbot@example.com',
      token: SECRET,
      project: 'SOC',
      issueType: 'Task',
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });
    const ticket = await jira.createTicket(ALERT, ctx('SOC-2026-0001:ticket.create'));
    standIn.requests.splice(0);
    return { standIn, jira, ticket };
  }

  it('finds the Done transition by name, applies it and comments with the notes as plain text', async () => {
    const { standIn, jira, ticket } = await setUp();
    try {
      const result = await jira.updateTicket(
        closeOf(ticket, HOSTILE.script + '{noformat}[x|http://evil]'),
        ctx(KEY),
      );

      expect(result).toMatchObject({ provider: 'jira', number: 'SOC-1', status: 'done', unchanged: false });
      const transitions = standIn.requests.filter((request) => request.url.pathname.endsWith('/transitions'));
      expect(transitions.map((request) => request.method)).toEqual(['GET', 'POST']);
      expect(transitions[1]?.url.pathname).toBe('/rest/api/2/issue/SOC-1/transitions');
      expect(jsonBody(transitions[1])).toEqual({ transition: { id: '31' } });
      expect(standIn.transitionsMade).toEqual(['SOC-1 Done']);
      const [comment] = standIn.issues[0]?.comments ?? [];
      expect(comment).toContain('false_positive');
      // The notes sit inside one {noformat} block they cannot end.
      expect(comment?.match(/\{noformat\}/g)).toHaveLength(2);
    } finally {
      await standIn.close();
    }
  });

  it('transitions and comments once for the same change twice, and once after a 5xx', async () => {
    const { standIn, jira, ticket } = await setUp();
    try {
      unavailableOnce(standIn, (method, path) => method === 'POST' && path.endsWith('/comment'));
      await failsRetryably(jira.updateTicket(closeOf(ticket), ctx(KEY)));
      await jira.updateTicket(closeOf(ticket), ctx(KEY));
      const again = await jira.updateTicket(closeOf(ticket), ctx(KEY));

      expect(again.unchanged).toBe(true);
      expect(standIn.transitionsMade).toEqual(['SOC-1 Done']);
      expect(standIn.issues[0]?.comments).toHaveLength(1);
    } finally {
      await standIn.close();
    }
  });

  it('reopens through the Reopen transition', async () => {
    const { standIn, jira, ticket } = await setUp();
    try {
      await jira.updateTicket(closeOf(ticket), ctx(KEY));
      await jira.updateTicket(
        { ref: ALERT.ref, ticket, change: 'reopen', notes: 'again' },
        ctx('SOC-2026-0001:ticket.update:turn-10'),
      );
      expect(standIn.transitionsMade).toEqual(['SOC-1 Done', 'SOC-1 Reopen']);
      expect(standIn.issues[0]?.status).toBe('To Do');
    } finally {
      await standIn.close();
    }
  });
});

describe('TheHive: the alert (or its case) follows', () => {
  async function setUp() {
    const standIn = await startTheHiveStandIn(SECRET);
    const hive = createTheHiveTicketing({
      url: standIn.url,
      apiKey: SECRET,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });
    const ticket = await hive.createTicket(ALERT, ctx('SOC-2026-0001:ticket.create'));
    standIn.requests.splice(0);
    return { standIn, hive, ticket };
  }

  it('sets the alert status FalsePositive by PATCH, once for the same change twice and after a 5xx', async () => {
    const { standIn, hive, ticket } = await setUp();
    try {
      unavailableOnce(standIn, (method) => method === 'PATCH');
      await failsRetryably(hive.updateTicket(closeOf(ticket), ctx(KEY)));
      const result = await hive.updateTicket(closeOf(ticket), ctx(KEY));
      const again = await hive.updateTicket(closeOf(ticket), ctx(KEY));

      expect(result).toMatchObject({ provider: 'thehive', status: 'FalsePositive', unchanged: false });
      expect(again.unchanged).toBe(true);
      expect(standIn.updates).toEqual([`alert ${ticket.id} FalsePositive`]);
      const patch = standIn.requests.filter((request) => request.method === 'PATCH').at(-1);
      expect(patch?.url.pathname).toBe(`/api/v1/alert/${encodeURIComponent(ticket.id)}`);
      expect(jsonBody(patch).summary).toContain('false\\_positive');
    } finally {
      await standIn.close();
    }
  });

  it('closes the case an analyst made from the alert instead', async () => {
    const { standIn, hive, ticket } = await setUp();
    try {
      standIn.cases.push({ _id: '~8192', status: 'Open' });
      const alert = standIn.alerts[0];
      if (alert) alert.caseId = '~8192';
      await hive.updateTicket(closeOf(ticket, '[login](https://evil.example)'), ctx(KEY));
      expect(standIn.updates).toEqual(['case ~8192 FalsePositive']);
      // The notes cannot become a link in TheHive's markdown.
      expect(standIn.cases[0]?.summary).toContain('\\[login\\]\\(https://evil.example\\)');
    } finally {
      await standIn.close();
    }
  });
});

describe('webhook: an update event', () => {
  it('posts a signed socbot.alert.updated event with the key; the receiver acts once', async () => {
    const receiver = await startWebhookReceiver(SECRET);
    try {
      const hook: TicketingProvider = createWebhookTicketing({
        url: receiver.url,
        secret: SECRET,
        timeoutMs: TEST_TIMEOUT_MS,
        logger: log.logger,
      });
      const ticket = { provider: 'webhook' as const, id: 'T-1', number: 'T-1' };
      unavailableOnce(receiver, () => true);
      await failsRetryably(hook.updateTicket(closeOf(ticket), ctx(KEY)));
      await hook.updateTicket(closeOf(ticket), ctx(KEY));
      const again = await hook.updateTicket(closeOf(ticket), ctx(KEY));

      expect(again.unchanged).toBe(true);
      expect(receiver.accepted).toHaveLength(1);
      expect(header(receiver.accepted[0]!, 'idempotency-key')).toBe(KEY);
      expect(jsonBody(receiver.accepted[0])).toMatchObject({
        event: ALERT_UPDATED_WEBHOOK_EVENT,
        ref: ALERT.ref,
        change: 'close',
        classification: 'false_positive',
        ticket: { id: 'T-1', number: 'T-1' },
      });
    } finally {
      await receiver.close();
    }
  });
});

describe('an update queued before the ticket existed waits for it, then finds it by the creation key', () => {
  const CREATION_KEY = 'SOC-2026-0001:ticket.create';
  const waiting = (provider: 'servicenow' | 'jira' | 'thehive'): TicketUpdate =>
    closeOf({ provider, creationKey: CREATION_KEY });

  it('ServiceNow', async () => {
    const standIn = await startServiceNowStandIn('socbot', SECRET);
    try {
      const servicenow = createServiceNowTicketing({
        url: standIn.url,
        user: 'socbot',
        password: SECRET,
        timeoutMs: TEST_TIMEOUT_MS,
        logger: log.logger,
      });
      await failsRetryably(servicenow.updateTicket(waiting('servicenow'), ctx(KEY)));
      expect(standIn.updates).toHaveLength(0);
      await servicenow.createTicket(ALERT, ctx(CREATION_KEY));
      expect(await servicenow.updateTicket(waiting('servicenow'), ctx(KEY))).toMatchObject({
        number: 'INC0010001',
        unchanged: false,
      });
      expect(standIn.incidents[0]).toMatchObject({ state: '6' });
    } finally {
      await standIn.close();
    }
  });

  it('Jira', async () => {
    const standIn = await startJiraStandIn('socbot@example.com', SECRET, 'SOC');
    try {
      const jira = createJiraTicketing({
        url: standIn.url,
        user: 'socbot@example.com',
        token: SECRET,
        project: 'SOC',
        issueType: 'Task',
        timeoutMs: TEST_TIMEOUT_MS,
        logger: log.logger,
      });
      await failsRetryably(jira.updateTicket(waiting('jira'), ctx(KEY)));
      await jira.createTicket(ALERT, ctx(CREATION_KEY));
      expect(await jira.updateTicket(waiting('jira'), ctx(KEY))).toMatchObject({ number: 'SOC-1' });
      expect(standIn.transitionsMade).toEqual(['SOC-1 Done']);
    } finally {
      await standIn.close();
    }
  });

  it('TheHive', async () => {
    const standIn = await startTheHiveStandIn(SECRET);
    try {
      const hive = createTheHiveTicketing({
        url: standIn.url,
        apiKey: SECRET,
        timeoutMs: TEST_TIMEOUT_MS,
        logger: log.logger,
      });
      await failsRetryably(hive.updateTicket(waiting('thehive'), ctx(KEY)));
      const created = await hive.createTicket(ALERT, ctx(CREATION_KEY));
      await hive.updateTicket(waiting('thehive'), ctx(KEY));
      expect(standIn.updates).toEqual([`alert ${created.id} FalsePositive`]);
    } finally {
      await standIn.close();
    }
  });
});
