import { TestAdapter } from 'botbuilder';
import { ReplyNotDelivered } from '../../src/channels/reply-not-delivered';
import { recoveredActionJob } from '../../src/jobs/recovered-action-job';
import { ActionIntentLog } from '../../src/store/action-intents';
import { confirms, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

/**
 * Review of issue 12: a Confirm whose reply the connector did not take (ReplyNotDelivered) left its
 * intent open, so the next start told the analyst a false "socbot restarted while handling…".
 */
describe('a confirmed action whose reply was not delivered', () => {
  let harness: BotHarness;
  let dropReplies = false;
  let adapter: TestAdapter;
  beforeEach(async () => {
    // The queued message's delivery attempt is not waited for at the end.
    harness = await startBot({ config: { shutdownGraceMs: 100 } });
    dropReplies = false;
    // As SocbotAdapter does when the connector does not answer in time: the send throws.
    adapter = new TestAdapter(
      async (context) => {
        context.onSendActivities(async (turn, _activities, next) => {
          if (dropReplies) throw new ReplyNotDelivered(turn.activity.conversation.id, 500, 'test');
          return next();
        });
        await harness.bot.run(context).catch((error: unknown) => {
          if (!(error instanceof ReplyNotDelivered)) throw error;
        });
        // The proactive message goes nowhere but to a closed port of 127.0.0.1.
      },
      TestAdapter.createConversation('undelivered', 'ana', 'socbot'),
    );
    Object.assign(adapter.template, { serviceUrl: 'http://127.0.0.1:9' });
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('is finished, and its answer is queued as a proactive message', async () => {
    await adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms('Register alert 4711 on PRD'));
    dropReplies = true;
    await adapter.send('yes');

    expect(await new ActionIntentLog(harness.dataDir).unfinished()).toEqual([]);
    const told = (await harness.app.outbox.list()).filter((job) => job.type === recoveredActionJob.type);
    expect(told).toHaveLength(1);
    expect((told[0]?.payload as { text: string }).text).toMatch(/Registered alert 4711 as SOC-\d{4}-0001/);
  });
});
