import { IntegrationError } from '../../src/integrations/integration-error';
import { createJiraTicketing } from '../../src/integrations/ticketing/jira-ticketing';
import { createServiceNowTicketing } from '../../src/integrations/ticketing/servicenow-ticketing';
import { createTheHiveTicketing } from '../../src/integrations/ticketing/thehive-ticketing';
import type { TicketUpdate } from '../../src/integrations/ticketing/ticketing-provider';
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

/**
 * The third kind of ticket update: a note (the enrichment verdict of an alert's IP, issue 14) added to
 * the alert's ticket as a work note or comment, its state unchanged, once per idempotency key.
 */
const KEY = 'SOC-2026-0001:ticket.update:enrich-1';
const SECRET = 'ticket-secret-NEVER-LOGGED-0123456789';
const VERDICT = 'Enrichment of 185.220.101.4: VirusTotal 12 malicious / 3 suspicious; AbuseIPDB 100.';
const log = createCapturedLogger('debug');

function noteOf(ticket: TicketUpdate['ticket'], notes = VERDICT): TicketUpdate {
  return { ref: ALERT.ref, ticket, change: 'note', notes };
}

/** What a service's answer about an IP could carry into a note. */
const HOSTILE_NOTE = [
  'AS owner: Evil Corp\r\nX-Injected: yes\u0000\u001b[31m',
  '[code]<img src=x onerror=alert(1)>[/code] [ CODE ]<script>x</script>[/Code]',
  '{noformat}{NOFORMAT:title=x}{ noformat }[x|http://evil.example]',
  HOSTILE.script,
  '[login](https://evil.example) ![pixel](https://evil.example/p.png) &lt;b&gt;',
  'A'.repeat(10_000),
].join('\n');

/** CR, NUL and ESC: what must not survive into a ticket. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\r\u0000\u001b]/;

function unavailableOnce(standIn: StandIn, when: (method: string, path: string) => boolean): void {
  standIn.script({
    when: (request) => when(request.method, request.url.pathname),
    answer: { status: 503, body: { error: 'maintenance' } },
  });
}

async function failure(attempt: Promise<unknown>): Promise<IntegrationError> {
  const error = await attempt.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

afterEach(() => {
  expect(log.text()).not.toContain(SECRET);
});

describe('ServiceNow: a work note on the incident', () => {
  async function setUp() {
    const standIn = await startServiceNowStandIn('socbot', SECRET);
    const servicenow = createServiceNowTicketing({
      url: standIn.url,
      user: 'socbot',
      password: SECRET,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });
    const ticket = await servicenow.createTicket(ALERT, ctx('SOC-2026-0001:ticket.create'));
    standIn.requests.splice(0);
    return { standIn, servicenow, ticket };
  }

  it('PATCHes only work_notes (the key in it), the state untouched', async () => {
    const { standIn, servicenow, ticket } = await setUp();
    try {
      const result = await servicenow.updateTicket(noteOf(ticket), ctx(KEY));

      expect(result).toEqual({ provider: 'servicenow', number: 'INC0010001', status: '1', unchanged: false });
      const patches = standIn.requests.filter((request) => request.method === 'PATCH');
      expect(patches).toHaveLength(1);
      expect(Object.keys(jsonBody(patches[0]))).toEqual(['work_notes']);
      expect(standIn.incidents[0]?.state).toBe('1');
      expect(standIn.journal.get(ticket.id)).toEqual([
        expect.objectContaining({ element: 'work_notes', value: `${VERDICT}\n[socbot ${KEY}]` }),
      ]);
      // The journal is read as its display value: the plain value of a journal field is always empty.
      const read = standIn.requests.find((request) => request.method === 'GET');
      expect(read?.url.searchParams.get('sysparm_display_value')).toBe('all');
    } finally {
      await standIn.close();
    }
  });

  it('adds the note once across a 5xx and a repeated key, also after other notes', async () => {
    const { standIn, servicenow, ticket } = await setUp();
    try {
      unavailableOnce(standIn, (method) => method === 'PATCH');
      await failure(servicenow.updateTicket(noteOf(ticket), ctx(KEY)));
      await servicenow.updateTicket(noteOf(ticket), ctx(KEY));
      await servicenow.updateTicket(noteOf(ticket, 'another verdict'), ctx(`${KEY}-later`));
      const again = await servicenow.updateTicket(noteOf(ticket), ctx(KEY));

      expect(again).toMatchObject({ unchanged: true, status: '1' });
      expect(standIn.journal.get(ticket.id)?.map((entry) => entry.value.split('\n')[0])).toEqual([
        VERDICT,
        'another verdict',
      ]);
    } finally {
      await standIn.close();
    }
  });

  it('reopens once for a repeated key: the work note is found in the journal', async () => {
    const { standIn, servicenow, ticket } = await setUp();
    try {
      const reopen: TicketUpdate = { ref: ALERT.ref, ticket, change: 'reopen', notes: 'reopened by Lea' };
      await servicenow.updateTicket(reopen, ctx(KEY));
      const again = await servicenow.updateTicket(reopen, ctx(KEY));

      expect(again).toMatchObject({ unchanged: true, status: '2' });
      expect(standIn.journal.get(ticket.id)).toHaveLength(1);
    } finally {
      await standIn.close();
    }
  });

  it('keeps a hostile note plain text: no [code] block, no control characters, bounded', async () => {
    const { standIn, servicenow, ticket } = await setUp();
    try {
      await servicenow.updateTicket(noteOf(ticket, HOSTILE_NOTE), ctx(KEY));

      const [entry] = standIn.journal.get(ticket.id) ?? [];
      expect(entry?.value).not.toMatch(/\[\s*\/?\s*code\s*\]/i);
      expect(entry?.value).toContain('(code)<img src=x onerror=alert(1)>(/code)');
      expect(entry?.value).not.toMatch(CONTROL);
      expect(entry?.value.endsWith(`\n[socbot ${KEY}]`)).toBe(true);
      expect(Array.from(entry?.value ?? '').length).toBeLessThanOrEqual(4000 + `\n[socbot ${KEY}]`.length);
    } finally {
      await standIn.close();
    }
  });
});

describe('Jira: a comment on the issue', () => {
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

  it('comments with the note as plain text and transitions nothing, also on a done issue', async () => {
    const { standIn, jira, ticket } = await setUp();
    try {
      const open = await jira.updateTicket(noteOf(ticket), ctx(KEY));
      const issue = standIn.issues[0]!;
      issue.status = 'Done';
      const done = await jira.updateTicket(noteOf(ticket, 'second'), ctx(`${KEY}-later`));

      expect(open).toEqual({ provider: 'jira', number: 'SOC-1', status: 'open', unchanged: false });
      expect(done).toMatchObject({ status: 'done', unchanged: false });
      expect(standIn.requests.some((request) => request.url.pathname.endsWith('/transitions'))).toBe(false);
      expect(standIn.transitionsMade).toEqual([]);
      expect(issue.comments[0]).toBe(
        `socbot added a note to SOC-2026-0001. socbot change ${KEY}\n{noformat}${VERDICT}{noformat}`,
      );
    } finally {
      await standIn.close();
    }
  });

  it('comments once across a 5xx and a repeated key', async () => {
    const { standIn, jira, ticket } = await setUp();
    try {
      unavailableOnce(standIn, (method, path) => method === 'POST' && path.endsWith('/comment'));
      await failure(jira.updateTicket(noteOf(ticket), ctx(KEY)));
      await jira.updateTicket(noteOf(ticket), ctx(KEY));
      const again = await jira.updateTicket(noteOf(ticket), ctx(KEY));

      expect(again.unchanged).toBe(true);
      expect(standIn.issues[0]?.comments).toHaveLength(1);
    } finally {
      await standIn.close();
    }
  });

  it('keeps a hostile note inside one {noformat} block it cannot end', async () => {
    const { standIn, jira, ticket } = await setUp();
    try {
      await jira.updateTicket(noteOf(ticket, HOSTILE_NOTE), ctx(KEY));

      const [comment] = standIn.issues[0]?.comments ?? [];
      expect(comment?.match(/\{\s*noformat/gi)).toHaveLength(2);
      expect(comment?.startsWith('socbot added a note to SOC-2026-0001.')).toBe(true);
      expect(comment?.endsWith('{noformat}')).toBe(true);
      expect(comment).not.toMatch(CONTROL);
    } finally {
      await standIn.close();
    }
  });
});

describe('TheHive: a comment on the alert, or on its case', () => {
  async function setUp(options?: { alertComments?: boolean }) {
    const standIn = await startTheHiveStandIn(SECRET, options);
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

  it('comments on the alert, its status untouched', async () => {
    const { standIn, hive, ticket } = await setUp();
    try {
      const result = await hive.updateTicket(noteOf(ticket), ctx(KEY));

      expect(result).toEqual({ provider: 'thehive', number: ticket.id, status: 'New', unchanged: false });
      expect(standIn.updates).toEqual([]);
      expect(standIn.comments).toEqual([
        expect.objectContaining({ on: 'alert', onId: ticket.id, message: expect.stringContaining(KEY) }),
      ]);
      const post = standIn.requests.find((request) => request.url.pathname.endsWith('/comment'));
      expect(post?.url.pathname).toBe(`/api/v1/alert/${encodeURIComponent(ticket.id)}/comment`);
    } finally {
      await standIn.close();
    }
  });

  it('comments on the case when the alert was made into one', async () => {
    const { standIn, hive, ticket } = await setUp();
    try {
      standIn.cases.push({ _id: '~8192', status: 'Open' });
      standIn.alerts[0]!.caseId = '~8192';
      const result = await hive.updateTicket(noteOf(ticket), ctx(KEY));

      expect(result).toMatchObject({ status: 'Open', unchanged: false });
      expect(standIn.comments.map((comment) => `${comment.on} ${comment.onId}`)).toEqual(['case ~8192']);
    } finally {
      await standIn.close();
    }
  });

  it('comments once across a 5xx and a repeated key', async () => {
    const { standIn, hive, ticket } = await setUp();
    try {
      unavailableOnce(standIn, (method, path) => method === 'POST' && path.endsWith('/comment'));
      await failure(hive.updateTicket(noteOf(ticket), ctx(KEY)));
      await hive.updateTicket(noteOf(ticket), ctx(KEY));
      await hive.updateTicket(noteOf(ticket, 'another verdict'), ctx(`${KEY}-later`));
      const again = await hive.updateTicket(noteOf(ticket), ctx(KEY));

      expect(again.unchanged).toBe(true);
      expect(standIn.comments).toHaveLength(2);
    } finally {
      await standIn.close();
    }
  });

  it('escapes a hostile note: no link, image, HTML or control character survives', async () => {
    const { standIn, hive, ticket } = await setUp();
    try {
      await hive.updateTicket(noteOf(ticket, HOSTILE_NOTE), ctx(KEY));

      const message = standIn.comments[0]?.message ?? '';
      expect(message).toContain('\\[login\\]\\(https://evil.example\\)');
      expect(message).toContain('\\!\\[pixel\\]');
      expect(message).toContain('\\<script\\>');
      expect(message).not.toMatch(/(^|[^\\])</);
      expect(message).not.toMatch(CONTROL);
      expect(message.split('\n')[0]).toBe(`socbot added a note to SOC\\-2026\\-0001. \`socbot note ${KEY}\``);
    } finally {
      await standIn.close();
    }
  });

  it('fails for good on a TheHive without alert comments, saying the note stays in socbot', async () => {
    const { standIn, hive, ticket } = await setUp({ alertComments: false });
    try {
      const error = await failure(hive.updateTicket(noteOf(ticket), ctx(KEY)));

      expect(error).toMatchObject({ retryable: false, kind: 'rejected', status: 404 });
      expect(error.message).toContain('The note stays on SOC-2026-0001 in socbot');
    } finally {
      await standIn.close();
    }
  });
});

describe('webhook: a note event', () => {
  it("posts a signed socbot.alert.updated event with change 'note', once per key", async () => {
    const receiver = await startWebhookReceiver(SECRET);
    try {
      const hook = createWebhookTicketing({
        url: receiver.url,
        secret: SECRET,
        timeoutMs: TEST_TIMEOUT_MS,
        logger: log.logger,
      });
      const ticket = { provider: 'webhook' as const, id: 'T-1', number: 'T-1' };
      unavailableOnce(receiver, () => true);
      await failure(hook.updateTicket(noteOf(ticket, HOSTILE_NOTE), ctx(KEY)));
      const first = await hook.updateTicket(noteOf(ticket, HOSTILE_NOTE), ctx(KEY));
      const again = await hook.updateTicket(noteOf(ticket, HOSTILE_NOTE), ctx(KEY));

      expect(first).toEqual({ provider: 'webhook', number: 'T-1', status: 'noted', unchanged: false });
      expect(again.unchanged).toBe(true);
      expect(receiver.accepted).toHaveLength(1);
      expect(header(receiver.accepted[0]!, 'idempotency-key')).toBe(KEY);
      const body = jsonBody(receiver.accepted[0]);
      expect(body).toMatchObject({
        event: ALERT_UPDATED_WEBHOOK_EVENT,
        ref: ALERT.ref,
        change: 'note',
        classification: null,
        ticket: { id: 'T-1', number: 'T-1' },
      });
      expect(Array.from(String(body.notes)).length).toBeLessThanOrEqual(4000);
      expect(String(body.notes)).not.toMatch(CONTROL);
    } finally {
      await receiver.close();
    }
  });
});

describe('a note for a ticket not created yet waits (retryably), then lands on it', () => {
  const CREATION_KEY = 'SOC-2026-0001:ticket.create';

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
      const waiting = noteOf({ provider: 'servicenow', creationKey: CREATION_KEY });
      expect(await failure(servicenow.updateTicket(waiting, ctx(KEY)))).toMatchObject({
        retryable: true,
        kind: 'unavailable',
      });
      const created = await servicenow.createTicket(ALERT, ctx(CREATION_KEY));
      await servicenow.updateTicket(waiting, ctx(KEY));
      expect(standIn.journal.get(created.id)).toHaveLength(1);
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
      const waiting = noteOf({ provider: 'jira', creationKey: CREATION_KEY });
      expect(await failure(jira.updateTicket(waiting, ctx(KEY)))).toMatchObject({ retryable: true });
      await jira.createTicket(ALERT, ctx(CREATION_KEY));
      await jira.updateTicket(waiting, ctx(KEY));
      expect(standIn.issues[0]?.comments).toHaveLength(1);
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
      const waiting = noteOf({ provider: 'thehive', creationKey: CREATION_KEY });
      expect(await failure(hive.updateTicket(waiting, ctx(KEY)))).toMatchObject({ retryable: true });
      const created = await hive.createTicket(ALERT, ctx(CREATION_KEY));
      await hive.updateTicket(waiting, ctx(KEY));
      expect(standIn.comments.map((comment) => comment.onId)).toEqual([created.id]);
    } finally {
      await standIn.close();
    }
  });
});
