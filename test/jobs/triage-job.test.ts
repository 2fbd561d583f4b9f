import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readChatCommandSubmit } from '../../src/conversation/chat-command-submit';
import { createIntegrations } from '../../src/integrations/create-integrations';
import { loadIntegrationConfig } from '../../src/integrations/integration-config';
import type { ProactiveDelivery, ProactiveMessage } from '../../src/integrations/notify/proactive-delivery';
import { suggestedCommand, triageCard, triageText } from '../../src/integrations/triage/triage-card';
import type { TriageInput } from '../../src/integrations/triage/triage-prompt';
import type { TriageResult } from '../../src/integrations/triage/triage-service';
import { triageJob, type TriageJobDeps } from '../../src/jobs/triage-job';
import { createLogger } from '../../src/logger';
import type { JobContext } from '../../src/outbox/job-handler';
import { TriageLog } from '../../src/store/triage-log';

const REF = 'SOC-2026-0001';
const RESULT: TriageResult = {
  summary: 'DDIC debugged in PRD. [x](https://evil.example)',
  recommendation: 'investigate',
  reason: 'No firefighter session is named.',
  classification: 'true_positive',
  severity: 8,
  confidence: 6,
  artifacts: ['DDIC', 'PC-0815'],
  model: 'gpt-4.1-mini',
  instructionFile: 'default.md',
  at: '2026-12-06T10:00:00.000Z',
};
const ALERT: TriageInput = { ref: REF, source: 'sap-etd', title: 'Debugging in production', system: 'PRD' };

describe('triage.alert job', () => {
  let dir: string;
  let store: TriageLog;
  let asked: TriageInput[];
  let posted: Array<{ key: string; message: ProactiveMessage }>;
  let notes: Array<[string, string, string]>;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-triage-job-'));
    store = new TriageLog(dir);
    asked = [];
    posted = [];
    notes = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function handler(overrides: Partial<TriageJobDeps> = {}, failFirstPostTo?: string) {
    let failed = false;
    const delivery: ProactiveDelivery = {
      async deliver(key, message) {
        if (key === failFirstPostTo && !failed) {
          failed = true;
          throw Object.assign(new Error('connector 502'), { status: 502 });
        }
        posted.push({ key, message });
      },
    };
    const conversations = { list: async () => [], register: async () => undefined } as never;
    const integrations = createIntegrations(loadIntegrationConfig({}), {
      logger: createLogger({ level: 'silent' }),
    });
    const triage: TriageJobDeps = {
      service: {
        async triage(alert) {
          asked.push(alert);
          return RESULT;
        },
      },
      alertOf: async (ref) => (ref === REF ? ALERT : undefined),
      store,
      conversationsFor: async () => ['msteams/soc', 'webchat/room'],
      ticketNote: async (ref, text, requestId) => void notes.push([ref, text, requestId]),
      ...overrides,
    };
    const run = triageJob.handlerFor({ integrations, delivery, conversations, triage });
    if (!run) throw new Error('the triage job has no handler');
    return run;
  }

  function context(progress?: unknown): JobContext {
    return {
      idempotencyKey: triageJob.request({ ref: REF }).idempotencyKey,
      signal: new AbortController().signal,
      attempt: 1,
      progress,
      saveProgress: async () => undefined,
    } as JobContext;
  }

  it('is keyed by alert on arrival and by request on demand', () => {
    expect(triageJob.request({ ref: REF }).idempotencyKey).toBe(`${REF}:triage.alert:arrival`);
    expect(triageJob.request({ ref: REF, requestId: 'turn-7' }).idempotencyKey).toBe(
      `${REF}:triage.alert:turn-7`,
    );
  });

  it('has no handler while AI triage is off: its jobs wait', () => {
    const integrations = createIntegrations(loadIntegrationConfig({}), {
      logger: createLogger({ level: 'silent' }),
    });
    expect(
      triageJob.handlerFor({ integrations, delivery: {} as never, conversations: {} as never }),
    ).toBeUndefined();
  });

  it('triages, stores with its key, posts the card to the SOC channel and the room, and adds the ticket note', async () => {
    const result = await handler()(triageJob.request({ ref: REF }).payload, context());
    expect(result).toEqual({
      recommendation: 'investigate',
      classification: 'true_positive',
      delivered: 2,
      noted: true,
    });
    expect(asked).toEqual([ALERT]);
    expect(await store.of(REF)).toMatchObject({
      ...RESULT,
      logType: 'sap-etd',
      requestId: `${REF}:triage.alert:arrival`,
    });
    expect(posted.map((post) => post.key)).toEqual(['msteams/soc', 'webchat/room']);
    expect(posted[0]?.message.text).toMatch(
      /^SOC-2026-0001 AI triage \(gpt-4\.1-mini, a suggestion\): investigate/,
    );
    // The model's words: escaped beside the card in chat, as they are on the ticket (its provider escapes them).
    expect(posted[0]?.message.text).toContain('\\[x\\]\\(https://evil.example\\)');
    expect(notes).toEqual([[REF, triageText(REF, RESULT), `${REF}:triage.alert:arrival`]]);
    expect(notes[0]?.[1]).toContain('[x](https://evil.example)');
  });

  it('a retry after a failed post asks the model no second time and posts only where it is missing', async () => {
    const run = handler({}, 'webchat/room');
    const failure = await run(triageJob.request({ ref: REF }).payload, context()).then(
      () => undefined,
      (error: { progress?: unknown }) => error,
    );
    expect(failure?.progress).toEqual({ delivered: ['msteams/soc'], unreachable: [] });
    await run(triageJob.request({ ref: REF }).payload, context(failure?.progress));
    expect(asked).toHaveLength(1);
    expect(posted.map((post) => post.key)).toEqual(['msteams/soc', 'webchat/room']);
    expect((await store.of(REF))?.history).toEqual([]);
  });

  it('stores the triage even with no conversation to post to, and skips the note when not wired', async () => {
    const result = await handler({ conversationsFor: async () => [], ticketNote: undefined })(
      triageJob.request({ ref: REF }).payload,
      context(),
    );
    expect(result).toEqual({ recommendation: 'investigate', classification: 'true_positive', delivered: 0 });
    expect(await store.of(REF)).toBeDefined();
  });

  it('fails for good for an alert not in the register, asking nobody', async () => {
    await expect(
      handler()(triageJob.request({ ref: 'SOC-2026-0404' }).payload, context()),
    ).rejects.toMatchObject({
      kind: 'not-found',
      retryable: false,
    });
    expect(asked).toEqual([]);
  });
});

describe('the triage card', () => {
  it('escapes every model text; offers the recommendation as a chat command and the four ratings, nothing else', () => {
    const card = triageCard(REF, RESULT);
    const text = JSON.stringify(card);
    expect(text).not.toContain('[x](https://evil.example)');
    expect(text).toContain('\\\\[x\\\\]\\\\(https://evil.example\\\\)');
    expect(card.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Suggested: Investigate',
        data: {
          action: 'chat.command',
          text: `investigate ${REF}`,
          msteams: { type: 'imBack', value: `investigate ${REF}` },
        },
      },
      ...['unrelated', 'needs_improvement', 'almost_there', 'good'].map((rating) => ({
        type: 'Action.Submit',
        title: expect.any(String),
        data: { action: 'triage.feedback', ref: REF, rating, run: RESULT.at },
      })),
    ]);
    expect(card.actions.map((action) => action.title).slice(1)).toEqual([
      'Unrelated',
      'Needs improvement',
      'Almost there',
      'Good',
    ]);
    expect(card.body).toContainEqual(expect.objectContaining({ type: 'Input.Text', id: 'comment' }));
  });

  it.each([
    ['close', 'false_positive', `close ${REF} as false positive`],
    ['close', 'expected_activity', `close ${REF} as expected activity`],
    ['investigate', 'true_positive', `investigate ${REF}`],
    ['escalate', 'true_positive', `inform the basis team about ${REF}`],
  ] as const)('%s (%s) suggests "%s"', (recommendation, classification, command) => {
    expect(suggestedCommand(REF, { recommendation, classification }).text).toBe(command);
  });

  it('a pressed suggestion is read as typed text, bounded', () => {
    expect(readChatCommandSubmit({ action: 'chat.command', text: ` investigate ${REF} ` })).toBe(
      `investigate ${REF}`,
    );
    expect(readChatCommandSubmit({ action: 'chat.command', text: 'x'.repeat(201) })).toBeUndefined();
    expect(readChatCommandSubmit({ action: 'alert.inform', ref: REF })).toBeUndefined();
    expect(readChatCommandSubmit('investigate')).toBeUndefined();
  });
});
