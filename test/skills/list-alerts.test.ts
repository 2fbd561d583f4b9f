import { ANA, LEA, startLifecycleChat, type LifecycleChat } from './helpers/lifecycle-chat';

/** skills/list-open-alerts, list-my-alerts, list-urgent-alerts: answered at once, at most ten lines. */
describe('skills/list-*-alerts', () => {
  let chat: LifecycleChat;
  beforeEach(async () => {
    chat = await startLifecycleChat();
  });
  afterEach(async () => {
    await chat.dispose();
  });

  it('lists what is open (not closed), mine (led by me) and P1/P2, at once', async () => {
    const mine = await chat.register({ alertId: '1001', priority: 'P3' });
    const urgent = await chat.register({ alertId: '1002', priority: 'P1' });
    const closed = await chat.register({ alertId: '1003', priority: 'P2' });
    await chat.app.alertLifecycle.takeLead({ actor: ANA.actor, ref: mine.ref, requestId: 'r1' });
    await chat.app.alertLifecycle.close(
      { actor: LEA.actor, ref: closed.ref, requestId: 'r2' },
      'true_positive',
    );

    const open = await chat.say('show open alerts', ANA);
    // A Markdown list: Web Chat and Teams would run single lines together.
    expect(open.split('\n')).toEqual([
      'Open alerts (2):',
      '',
      `- ${urgent.ref} · P1 · alert 1002 on PRD · registered, no lead yet`,
      `- ${mine.ref} · P3 · alert 1001 on PRD · investigating, lead Ana`,
    ]);
    expect(await chat.say('list my alerts', ANA)).toBe(
      `Open alerts you lead (1):\n\n- ${mine.ref} · P3 · alert 1001 on PRD · investigating, lead Ana`,
    );
    expect(await chat.say('show P1 and P2 alerts', ANA)).toBe(
      `Open P1/P2 alerts (1):\n\n- ${urgent.ref} · P1 · alert 1002 on PRD · registered, no lead yet`,
    );
    expect(await chat.say('list my alerts', LEA)).toContain('You lead no open alert.');
    // A list names no single alert: "it" stays unset.
    expect(chat.memoryOf(ANA).about).toBeUndefined();
    expect(chat.memoryOf(ANA).form).toBeUndefined();
  });

  it('shows at most ten alerts and says how many more there are', async () => {
    for (let n = 0; n < 12; n += 1) await chat.register({ alertId: String(2000 + n) });
    const lines = (await chat.say('show open alerts', ANA)).split('\n');
    expect(lines[0]).toBe('Open alerts (12):');
    expect(lines.filter((line) => line.startsWith('- SOC-'))).toHaveLength(10);
    expect(lines.slice(-2)).toEqual(['', '… and 2 more.']);
  });

  it('says so when nothing is open', async () => {
    expect(await chat.say('show open alerts', ANA)).toBe('No alert is open.');
  });
});
