import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import { createApp, type SocbotApp } from '../../../src/app/create-app';
import { loadConfig } from '../../../src/config';
import { testConfig, type ConfigOverrides } from '../../helpers/test-config';
import { createLogger } from '../../../src/logger';
import type { Recognizer } from '../../../src/nlu/types';
import { createBot, type SkillBot as SocBot } from '../../../src/channels/bot-edge';
import { fakeRecognizer } from './fake-recognizer';

/** A bot on a fresh temp data directory, driven through botbuilder's TestAdapter. */
export interface BotHarness {
  bot: SocBot;
  /** The composition root behind the bot (store, audit trail, outbox). */
  app: SocbotApp;
  adapter: TestAdapter;
  dataDir: string;
  /** Stops the bot and the app as `serve` stops on SIGTERM; the data directory stays (a restart). */
  stop(): Promise<void>;
  /** Stops the bot and removes the data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts the bot as `serve` wires it (composition root, audit trail, outbox) on the embedded
 * defaults, or on `config` (typed sections, test/helpers/test-config.ts) or `env` (read once, as
 * the CLI reads it). The TestAdapter's user is the local user unless roles are configured (then
 * roles decide, as in production) or `local` is false.
 */
export async function startBot(
  options: {
    recognizer?: Recognizer;
    dataDir?: string;
    skillsDir?: string;
    env?: NodeJS.ProcessEnv;
    config?: ConfigOverrides;
    local?: boolean;
  } = {},
): Promise<BotHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'socbot-bot-')));
  const logger = createLogger({ level: 'silent' });
  const config = testConfig({ ...loadConfig({ ...options.env }), ...options.config, dataDir });
  const local = options.local ?? true;
  const app = createApp({ config, logger, isLocalTurn: () => local });
  await app.start();
  const bot = await createBot({
    wiring: app,
    recognizer: options.recognizer ?? fakeRecognizer(),
    logger,
    ...(options.skillsDir ? { skillsDir: options.skillsDir } : {}),
  });
  const adapter = new TestAdapter((context) => bot.run(context));
  const stop = async (): Promise<void> => {
    await bot.close();
    await app.stop();
  };
  return {
    bot,
    app,
    adapter,
    dataDir,
    stop,
    dispose: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An assertReply inspector: the reply's text contains every fragment, in the order given. */
export function says(...fragments: string[]): (activity: Partial<Activity>) => void {
  return (activity) => {
    // In this order: a message may join several replies (asMessages), and their order is part of it.
    let from = 0;
    for (const fragment of fragments) {
      expect(activity.text).toContain(fragment);
      const at = activity.text?.indexOf(fragment, from) ?? -1;
      if (at < 0)
        throw new Error(`"${fragment}" comes before an earlier fragment in: ${activity.text ?? ''}`);
      from = at + fragment.length;
    }
  };
}

/** An assertReply inspector for the confirmation: text with the question and an Adaptive Card with Confirm/Cancel. */
export function confirms(...fragments: string[]): (activity: Partial<Activity>) => void {
  return (activity) => {
    says(...fragments)(activity);
    const card = activity.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const actions = (card?.content as { actions: { title: string; data: { action: string } }[] }).actions;
    expect(actions.map((action) => [action.title, action.data.action])).toEqual([
      ['Confirm', 'confirm'],
      ['Cancel', 'cancel'],
    ]);
  };
}

/** The Confirm / Cancel button as Teams and Web Chat send it: a message with `value` and no text. */
export function cardSubmit(action: 'confirm' | 'cancel', skill?: string): Partial<Activity> {
  return { type: 'message', value: skill ? { action, skill } : { action } };
}
