import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auditFilePath, AuditLog } from '../../src/audit/audit-log';
import { AlertRegister } from '../../src/store/alert-register';
import { buildFixtureHistory } from '../fixtures/next-steps/build-history';
import { runCli } from './run-cli';

describe('socbot insights on the fixture history', () => {
  let dataDir: string;
  const env = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir });

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-insights-'));
    await buildFixtureHistory(dataDir);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gives the sequences per kind, the acceptance and the mean times as worked out by hand', async () => {
    const { code, stdout, stderr } = await runCli(['insights', '--json'], { env: env() });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      since: null,
      alerts: 9,
      kinds: [
        {
          kind: 'PRD · Debugging in production · technical',
          closedAlerts: 3,
          sequences: [
            { steps: ['take-alert', 'investigate-incident', 'close-alert'], count: 1 },
            { steps: ['take-alert', 'investigate-incident', 'contain-alert', 'close-alert'], count: 1 },
            { steps: ['take-alert', 'note-alert', 'close-alert'], count: 1 },
          ],
        },
        {
          kind: 'PRD · Debugging in production · dialog',
          closedAlerts: 2,
          sequences: [
            { steps: ['investigate-incident', 'note-alert', 'close-alert'], count: 1 },
            { steps: ['investigate-incident', 'take-alert', 'close-alert'], count: 1 },
          ],
        },
        {
          kind: 'PRD · Critical authorization assigned · dialog',
          closedAlerts: 1,
          sequences: [{ steps: ['note-alert', 'take-alert', 'close-alert'], count: 1 }],
        },
        {
          kind: 'QAS · Debugging in production · technical',
          closedAlerts: 1,
          sequences: [{ steps: ['take-alert', 'talk-to-basis', 'close-alert'], count: 1 }],
        },
      ],
      // ns-1 accepted twice counts once; ns-9 was never shown.
      acceptance: {
        shown: 3,
        accepted: 1,
        rate: 0.333,
        bySkill: [
          { skill: 'investigate-incident', shown: 1, accepted: 0, rate: 0 },
          { skill: 'take-alert', shown: 2, accepted: 1, rate: 0.5 },
        ],
      },
      timeToAcknowledge: {
        byPriority: {
          P1: { alerts: 1, meanMinutes: 5 },
          P2: { alerts: 3, meanMinutes: 12.7 },
          P3: { alerts: 2, meanMinutes: 20 },
          P4: { alerts: 1, meanMinutes: 25 },
        },
        byAnalyst: {
          Ana: { alerts: 3, meanMinutes: 7.7 },
          Ben: { alerts: 3, meanMinutes: 25 },
          Cleo: { alerts: 1, meanMinutes: 10 },
        },
      },
      timeToClose: {
        byPriority: {
          P1: { alerts: 1, meanMinutes: 45 },
          P2: { alerts: 2, meanMinutes: 75 },
          P3: { alerts: 3, meanMinutes: 66.7 },
          P4: { alerts: 1, meanMinutes: 65 },
        },
        byAnalyst: {
          Ana: { alerts: 2, meanMinutes: 52.5 },
          Ben: { alerts: 3, meanMinutes: 91.7 },
          Cleo: { alerts: 2, meanMinutes: 40 },
        },
      },
    });
  });

  it('--since keeps the alerts registered and the suggestions shown from that date on', async () => {
    const { code, stdout } = await runCli(['insights', '--since', '2026-11-05', '--json'], { env: env() });
    expect(code).toBe(0);
    const insights = JSON.parse(stdout) as Record<string, unknown>;
    expect(insights).toMatchObject({
      since: '2026-11-05T00:00:00.000Z',
      alerts: 6,
      acceptance: { shown: 2, accepted: 0, rate: 0 },
      timeToClose: {
        byPriority: { P3: { alerts: 3, meanMinutes: 66.7 }, P4: { alerts: 1, meanMinutes: 65 } },
      },
    });
    expect(Object.keys((insights.timeToAcknowledge as { byPriority: object }).byPriority)).toEqual([
      'P2',
      'P3',
      'P4',
    ]);
  });

  it('refuses a --since that is no date, as a usage error', async () => {
    const { code, stderr } = await runCli(['insights', '--since', 'last week'], { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain('YYYY-MM-DD');
  });

  it('prints the figures as text', async () => {
    const { code, stdout } = await runCli(['insights'], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain('  PRD · Debugging in production · technical (3 closed)\n');
    expect(stdout).toContain('    1× take-alert → note-alert → close-alert\n');
    expect(stdout).toContain('Suggested next steps: 3 shown, 1 accepted, rate 33.3%\n');
    expect(stdout).toContain('    Ben: 91.7 min over 3 alerts\n');
  });

  it('never writes a control character from a SIEM title to the terminal', async () => {
    const register = new AlertRegister(dataDir, () => new Date('2026-11-20T09:00:00Z'));
    const alert = await register.add({
      alertId: '667',
      terminal: 'PC-667',
      username: 'EVE',
      system: 'PRD',
      priority: 'P3',
      createdBy: 'siem',
      conversationId: 'soc',
      title: 'Debug\u001b]52;c;Y3VybA==\u0007 \u009b2J',
    });
    await register.change({
      ref: alert.ref,
      action: 'close',
      classification: 'false_positive',
      by: 'Eve',
      requestId: 'r-y',
    });
    await register.close();
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
    const text = await runCli(['insights'], { env: env() });
    expect(text.stdout).toContain('PRD · Debug\\x1b]52;c;Y3VybA==\\x07 \\x9b2J · dialog');
    expect(text.stdout).not.toMatch(control);
    const json = await runCli(['insights', '--json'], { env: env() });
    expect(json.stdout).not.toMatch(control);
    const kinds = (JSON.parse(json.stdout) as { kinds: Array<{ kind: string }> }).kinds.map((k) => k.kind);
    expect(kinds).toContain('PRD · Debug\u001b]52;c;Y3VybA==\u0007 \u009b2J · dialog');
  });

  it('--html writes a page where a SIEM title cannot inject markup', async () => {
    const clock = () => new Date('2026-11-20T09:00:00Z');
    const register = new AlertRegister(dataDir, clock);
    const audit = new AuditLog(auditFilePath(dataDir), clock);
    const alert = await register.add({
      alertId: '666',
      terminal: 'PC-666',
      username: 'EVE',
      system: 'PRD',
      priority: 'P3',
      createdBy: 'siem',
      conversationId: 'soc',
      title: '<img src=x onerror="alert(1)">',
    });
    await register.change({
      ref: alert.ref,
      action: 'close',
      classification: 'false_positive',
      by: '<b>Mallory</b>',
      requestId: 'r-x',
    });
    await register.close();
    await audit.close();
    const file = path.join(dataDir, 'insights.html');
    const { code } = await runCli(['insights', '--html', file], { env: env() });
    expect(code).toBe(0);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('PRD · &lt;img src=x onerror=&quot;alert(1)&quot;&gt; · dialog');
    expect(html).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
  });
});
