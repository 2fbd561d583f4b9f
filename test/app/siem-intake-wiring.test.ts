import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSiemIntakeDeps, registerSocPostHandler } from '../../src/app/siem-intake-wiring';
import type { SocbotApp } from '../../src/app/create-app';
import type { SiemAlertFacts } from '../../src/channels/siem-intake/siem-intake-deps';
import { AlertRegister } from '../../src/store/alert-register';
import type { AlertRecord } from '../../src/store/alert-register';

const FACTS: SiemAlertFacts = {
  alertId: '9001',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  source: 'splunk',
};
const META = { idempotencyKey: 'siem-alert:splunk:9001', source: 'splunk' };

describe('SIEM intake wiring: registering an alert', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-siem-wiring-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a retry after a failure between registering the alert and enqueueing its ticket still enqueues the ticket', async () => {
    const alerts = new AlertRegister(dir);
    const tickets: string[] = [];
    let failNext = true;
    const audited: string[] = [];
    const app = {
      store: { alerts },
      audit: {
        append: async (entry: { summary: string }) => {
          audited.push(entry.summary);
        },
      },
      actionServices: () => ({
        createTicket: async (alert: AlertRecord) => {
          if (failNext) {
            failNext = false;
            throw new Error('outbox file busy');
          }
          tickets.push(alert.ref);
          return undefined;
        },
      }),
    } as unknown as SocbotApp;
    const deps = createSiemIntakeDeps(app);

    await expect(deps.registerAlert(FACTS, META)).rejects.toThrow('outbox file busy');
    const retry = await deps.registerAlert(FACTS, META);

    const registered = await alerts.list();
    expect(registered).toHaveLength(1);
    expect(retry).toEqual({ ref: registered[0]?.ref, created: false });
    expect(tickets).toEqual([registered[0]?.ref]);
    expect(audited).toEqual(['register alert 9001 from splunk']);
    await alerts.close();
  });
});

describe('SIEM intake wiring: posting the alert card to the SOC conversations', () => {
  type Handler = (
    payload: unknown,
    context: { idempotencyKey: string; signal: AbortSignal; attempt: number },
  ) => Promise<unknown>;

  function harness(conversations: string[], failing: Map<string, unknown>) {
    let handler: Handler | undefined;
    const sent: string[] = [];
    registerSocPostHandler({
      outbox: {
        register: (_type: string, h: Handler) => {
          handler = h;
        },
      } as never,
      directory: { list: async () => conversations } as never,
      sender: {
        send: async (key: string) => {
          const failure = failing.get(key);
          if (failure) throw failure;
          sent.push(key);
        },
      } as never,
    });
    const run = (attempt: number) =>
      handler!(
        { ref: 'SOC-2026-0001', text: 'alert', card: {} },
        {
          idempotencyKey: 'SOC-2026-0001:post.soc',
          signal: new AbortController().signal,
          attempt,
        },
      );
    return { run, sent };
  }

  it('a stale conversation does not keep the card from the SOC channel, and a retry does not repeat a delivered card', async () => {
    const failing = new Map<string, unknown>([
      ['webchat/stale', Object.assign(new Error('gateway'), { statusCode: 502 })],
    ]);
    const { run, sent } = harness(['webchat/stale', 'msteams/19:soc', 'msteams/19:other'], failing);

    const first = run(1);
    await expect(first).rejects.toMatchObject({ retryable: true });
    await expect(first).rejects.toThrow('1 of 3 SOC conversations did not get the alert card');
    expect(sent).toEqual(['msteams/19:soc', 'msteams/19:other']);

    failing.clear();
    await expect(run(2)).resolves.toEqual({ delivered: 3 });
    expect(sent).toEqual(['msteams/19:soc', 'msteams/19:other', 'webchat/stale']);
  });

  it('fails without retry when every failure is permanent, and with retry when one is not', async () => {
    const gone = Object.assign(new Error('gone'), { statusCode: 404 });
    const busy = Object.assign(new Error('busy'), { statusCode: 503 });
    const permanent = harness(['a/1', 'b/2'], new Map<string, unknown>([['a/1', gone]]));
    await expect(permanent.run(1)).rejects.toMatchObject({ retryable: false });
    expect(permanent.sent).toEqual(['b/2']);

    const mixed = harness(
      ['a/1', 'b/2', 'c/3'],
      new Map<string, unknown>([
        ['a/1', busy],
        ['b/2', gone],
      ]),
    );
    await expect(mixed.run(1)).rejects.toMatchObject({ retryable: true });
    expect(mixed.sent).toEqual(['c/3']);
  });
});
