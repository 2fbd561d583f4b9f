import { runCli } from '../cli/run-cli';
import { confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

describe('socbot audit export of an alert registered in chat (default setup)', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot();
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('lists the registration and the Basis request made for it', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(says('Registered alert 4711 as SOC-'))
      .send('inform Basis')
      .assertReply(confirms('Ask Basis about user DDIC on PRD'))
      .send('yes')
      .assertReply(says('Recorded request BR-0001 for the Basis team (alert SOC-'));
    const [alert] = await harness.app.store.alerts.list();
    const ref = alert?.ref ?? 'none';
    await harness.stop();

    const run = await runCli(['audit', 'export', '--alert', ref], {
      env: { SOCBOT_DATA_DIR: harness.dataDir },
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).not.toContain('No audit entries');
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('| 2'));
    expect(rows.map((row) => row.split(' | ').slice(2).join(' | '))).toEqual([
      'confirmation: confirmed: register an alert | confirmed |',
      `result: register an alert | done: ${ref} |`,
      'confirmation: confirmed: inform the Basis team | confirmed |',
      `result: inform the Basis team | done: ${ref} |`,
    ]);
  });
});
