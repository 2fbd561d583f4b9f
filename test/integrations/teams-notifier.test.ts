import type { Activity } from 'botbuilder';
import { createTeamsNotifier } from '../../src/integrations/notify/teams-notifier';
import type { ProactiveSender } from '../../src/integrations/notify/proactive-sender';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ctx, NOTICE } from './fixtures';

/** A ProactiveSender that records what it was asked to send and fails on demand. */
function fakeSender(failures: Record<string, Array<{ statusCode: number }>> = {}) {
  const sent: Array<{ conversation: string; activity: Partial<Activity> }> = [];
  const sender: ProactiveSender = {
    async send(conversation, activity) {
      const failure = failures[conversation]?.shift();
      if (failure)
        throw Object.assign(new Error(`connector said ${failure.statusCode} Bearer eyJ-secret`), failure);
      sent.push({ conversation, activity });
    },
  };
  return { sender, sent };
}

const directory = (keys: string[]) => ({ list: async () => keys });

describe('Basis notices as proactive Teams messages', () => {
  const log = createCapturedLogger('debug');

  it('sends the card with an Action.Submit {action: basis.ack, ref} to every registered conversation', async () => {
    const { sender, sent } = fakeSender();
    const teams = createTeamsNotifier({
      audience: 'basis',
      sender,
      conversations: directory(['c1', 'c2']),
      logger: log.logger,
    });

    await expect(teams.notify(NOTICE, ctx())).resolves.toEqual({ channel: 'teams', delivered: 2 });
    expect(sent.map((entry) => entry.conversation)).toEqual(['c1', 'c2']);
    const activity = sent[0]!.activity;
    expect(activity.type).toBe('message');
    expect(activity.text).toContain('PC-0815');
    const card = activity.attachments?.[0]?.content as { actions: Array<{ type: string; data: unknown }> };
    expect(activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.actions[0]).toEqual({
      type: 'Action.Submit',
      title: 'Acknowledge',
      data: { action: 'basis.ack', ref: 'SOC-2026-0001' },
    });
  });

  it('no registered conversation is final and says how to register one', async () => {
    const { sender } = fakeSender();
    const teams = createTeamsNotifier({
      audience: 'basis',
      sender,
      conversations: directory([]),
      logger: log.logger,
    });
    const error = (await teams.notify(NOTICE, ctx()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'not-found', retryable: false });
    expect(error.message).toContain('register this channel for basis notifications');
  });

  it('a failed conversation makes the attempt retryable; the retry skips conversations already served', async () => {
    const { sender, sent } = fakeSender({ c2: [{ statusCode: 502 }] });
    const teams = createTeamsNotifier({
      audience: 'basis',
      sender,
      conversations: directory(['c1', 'c2']),
      logger: log.logger,
    });

    await expect(teams.notify(NOTICE, ctx('n1'))).rejects.toMatchObject({ retryable: true, status: 502 });
    await expect(teams.notify(NOTICE, ctx('n1'))).resolves.toEqual({ channel: 'teams', delivered: 2 });
    expect(sent.map((entry) => entry.conversation)).toEqual(['c1', 'c2']);
  });

  it('401 from the connector is final and names the bot credentials; the error text is not passed on', async () => {
    const { sender } = fakeSender({ c1: [{ statusCode: 401 }] });
    const teams = createTeamsNotifier({
      audience: 'leads',
      sender,
      conversations: directory(['c1']),
      logger: log.logger,
    });
    const error = (await teams.notify(NOTICE, ctx()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toContain('MicrosoftAppPassword');
    expect(error.message).not.toContain('eyJ-secret');
    expect(log.text()).not.toContain('eyJ-secret');
  });
});
