import { says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';
import { valueOf } from './prometheus-text';

/** The edge reports a turn whose memory could not be saved as `failed`: the analyst got a failure reply. */
describe('socbot_turns_total through the bot edge', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.dispose();
  });

  const turns = async (outcome: string): Promise<number | undefined> =>
    valueOf((await harness.app.metrics.render()).body, 'socbot_turns_total', { outcome });

  it('counts a turn whose memory save failed as failed, and the next one by its own status', async () => {
    await harness.adapter.send('help').assertReply(says('I can'));
    expect(await turns('complete')).toBe(1);

    jest.spyOn(harness.app.store.storage, 'write').mockRejectedValueOnce(new Error('disk full'));
    await harness.adapter.send('register alert 4711 on PRD').assertReply(says('went wrong'));
    expect(await turns('failed')).toBe(1);
    expect(await turns('waiting')).toBe(0);

    await harness.adapter.send('register alert 4711 on PRD').assertReply(says('terminal'));
    expect(await turns('waiting')).toBe(1);
    expect(await turns('failed')).toBe(1);
  });
});
