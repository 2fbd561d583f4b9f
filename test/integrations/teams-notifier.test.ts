import { IntegrationError } from '../../src/integrations/integration-error';
import type { PartialDeliveryError } from '../../src/integrations/notify/conversation-delivery';
import type { ProactiveDelivery, ProactiveMessage } from '../../src/integrations/notify/proactive-delivery';
import { createTeamsNotifier } from '../../src/integrations/notify/teams-notifier';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ctx, NOTICE } from './fixtures';

/** How the channels' ProactiveMessenger reports a connector status for one conversation. */
function connectorAnswer(status: number): IntegrationError {
  const permanent = status === 401 || status === 403 || status === 404;
  return new IntegrationError(
    status === 401
      ? 'Teams refused the bot (401): check MicrosoftAppId and MicrosoftAppPassword.'
      : `conversation answered ${status}`,
    { service: 'proactive', kind: permanent ? 'not-found' : 'unavailable', retryable: !permanent, status },
  );
}

/** A ProactiveDelivery that records what it was asked to send and fails on demand. */
function fakeDelivery(failures: Record<string, unknown[]> = {}) {
  const sent: Array<{ conversation: string; message: ProactiveMessage }> = [];
  const tried: string[] = [];
  const delivery: ProactiveDelivery = {
    async deliver(conversation, message) {
      tried.push(conversation);
      const failure = failures[conversation]?.shift();
      if (failure) throw failure;
      sent.push({ conversation, message });
    },
  };
  return { delivery, sent, tried };
}

const directory = (keys: string[]) => ({ list: async () => keys });

/** Runs attempts the way the outbox does: each gets the progress the previous failure carried. */
async function attempt(notify: ReturnType<typeof createTeamsNotifier>['notify'], progress?: unknown) {
  return notify(NOTICE, { ...ctx('n1'), progress }).then(
    (result) => ({ result, error: undefined }),
    (error: PartialDeliveryError) => ({ result: undefined, error }),
  );
}

describe('Basis notices as proactive Teams messages', () => {
  const log = createCapturedLogger('debug');

  it('sends the card with an Action.Submit {action: basis.ack, ref} to every registered conversation', async () => {
    const { delivery, sent } = fakeDelivery();
    const teams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory(['c1', 'c2']),
      logger: log.logger,
    });

    await expect(teams.notify(NOTICE, ctx())).resolves.toEqual({ channel: 'teams', delivered: 2 });
    expect(sent.map((entry) => entry.conversation)).toEqual(['c1', 'c2']);
    const message = sent[0]!.message;
    expect(message.text).toContain('PC-0815');
    const card = message.attachments?.[0]?.content as { actions: Array<{ type: string; data: unknown }> };
    expect(message.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.actions[0]).toEqual({
      type: 'Action.Submit',
      title: 'Acknowledge',
      data: { action: 'basis.ack', ref: 'SOC-2026-0001' },
    });
  });

  it('no registered conversation is final and says how to register one', async () => {
    const { delivery } = fakeDelivery();
    const teams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory([]),
      logger: log.logger,
    });
    const error = (await teams.notify(NOTICE, ctx()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'not-found', retryable: false });
    expect(error.message).toContain('register this channel for basis notifications');
  });

  it('a busy conversation makes the attempt retryable; the retry skips the conversations already served', async () => {
    const { delivery, tried } = fakeDelivery({ c2: [connectorAnswer(502)] });
    const teams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory(['c1', 'c2']),
      logger: log.logger,
    });

    const first = await attempt(teams.notify);
    expect(first.error).toMatchObject({
      retryable: true,
      status: 502,
      progress: { delivered: ['c1'], unreachable: [] },
    });
    const second = await attempt(teams.notify, first.error?.progress);
    expect(second.result).toEqual({ channel: 'teams', delivered: 2 });
    expect(tried).toEqual(['c1', 'c2', 'c2']);
  });

  it('503 in one conversation and 404 in another: retried, the gone one alone is given up, the busy one gets it once', async () => {
    const { delivery, sent, tried } = fakeDelivery({
      c1: [connectorAnswer(503)],
      c2: [connectorAnswer(404)],
    });
    const teams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory(['c1', 'c2']),
      logger: log.logger,
    });

    const first = await attempt(teams.notify);
    expect(first.error).toMatchObject({ retryable: true, progress: { delivered: [], unreachable: ['c2'] } });
    const second = await attempt(teams.notify, first.error?.progress);
    expect(second.result).toEqual({ channel: 'teams', delivered: 1, unreachable: 1 });
    expect(sent.map((entry) => entry.conversation)).toEqual(['c1']);
    expect(tried).toEqual(['c1', 'c2', 'c1']);
  });

  it('fails for good when no conversation can take it, naming the bot credentials', async () => {
    const { delivery } = fakeDelivery({ c1: [connectorAnswer(401)] });
    const teams = createTeamsNotifier({
      audience: 'leads',
      delivery,
      conversations: directory(['c1']),
      logger: log.logger,
    });
    const error = (await teams.notify(NOTICE, ctx()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(error.message).toContain('MicrosoftAppPassword');
  });

  it('an unexpected error is retried, and its text (which may quote a token) is not passed on', async () => {
    const { delivery } = fakeDelivery({ c1: [new Error('socket hang up, Bearer eyJ-secret')] });
    const teams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory(['c1']),
      logger: log.logger,
    });
    const error = (await teams.notify(NOTICE, ctx()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).not.toContain('eyJ-secret');
    expect(log.text()).not.toContain('eyJ-secret');
  });

  it('progress from a damaged or older file counts as nothing done', async () => {
    const { delivery, sent } = fakeDelivery();
    const teams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory(['c1']),
      logger: log.logger,
    });
    const run = await attempt(teams.notify, { delivered: 'c1' });
    expect(run.result).toEqual({ channel: 'teams', delivered: 1 });
    expect(sent).toHaveLength(1);
  });

  it('saves the progress after each conversation, and an abort cuts off the post in flight and the rest', async () => {
    const controller = new AbortController();
    const tried: string[] = [];
    const signals: Array<AbortSignal | undefined> = [];
    const delivery: ProactiveDelivery = {
      async deliver(conversation, _message, options) {
        tried.push(conversation);
        signals.push(options?.signal);
        if (conversation === 'c1') return;
        // c2 hangs until the attempt is cut off, as a connector post with the signal does.
        controller.abort();
        throw new IntegrationError('the post was cut off', {
          service: 'proactive',
          kind: 'aborted',
          retryable: true,
        });
      },
    };
    const saved: unknown[] = [];
    const teams = createTeamsNotifier({
      audience: 'basis',
      delivery,
      conversations: directory(['c1', 'c2', 'c3']),
      logger: log.logger,
    });

    const error = (await teams
      .notify(NOTICE, {
        ...ctx('n1', controller.signal),
        saveProgress: async (progress) => void saved.push(progress),
      })
      .catch((e: unknown) => e)) as PartialDeliveryError;

    expect(tried).toEqual(['c1', 'c2']);
    expect(signals).toEqual([controller.signal, controller.signal]);
    expect(saved).toEqual([{ delivered: ['c1'], unreachable: [] }]);
    expect(error).toMatchObject({ retryable: true, kind: 'aborted' });
    expect(error.progress).toEqual({ delivered: ['c1'], unreachable: [] });
  });
});
