import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../../src/nlu/corpus';
import { startSlowProxy } from '../../app/helpers/socbot-under-test';
import { runCli } from '../../cli/run-cli';
import { startServiceNowStandIn } from '../../integrations/stand-ins/servicenow-stand-in';
import { registeredAlerts } from '../../helpers/alerts-on-disk';

describe('socbot chat', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-chat-cli-'));
    env = {
      SOCBOT_DATA_DIR: path.join(dir, 'data'),
      SOCBOT_MODEL: path.join(dir, 'models', 'socbot.model.json'),
      SOCBOT_CORPUS: path.resolve(__dirname, '../../../corpus'),
      USER: 'ana',
    };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains and saves a model when none exists, then chats and keeps the conversation for the next run', async () => {
    const first = await runCli(['chat'], {
      env,
      stdin:
        'hello\nETD raised alert 4711 on PRD, user DDIC from terminal PC-0815\nexit\nthis is never read\n',
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`No model at ${env.SOCBOT_MODEL}: training one from the corpus`);
    expect(first.stderr).toContain(`Saved the model to ${env.SOCBOT_MODEL}`);
    expect(existsSync(env.SOCBOT_MODEL ?? '')).toBe(true);
    expect(first.stdout).toContain("socbot> Hello! I'm socbot.");
    // The shipped skills' buttons, whatever other skills an installation adds beside them.
    expect(first.stdout).toMatch(/\(you can say: .*"register an alert" \/ "inform Basis"/);
    // The priority question is the next paragraph of the bot's answer to the alert.
    expect(first.stdout).toContain(
      "socbot> OK, let's register an alert. I have alert ID 4711, terminal PC-0815, user DDIC, system PRD.\n\n        Which priority",
    );
    expect(first.stdout).not.toContain('never read');

    const second = await runCli(['chat'], { env, stdin: 'P1\nyes\n' });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain(
      'socbot> Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P1?',
    );
    expect(second.stdout).toContain('socbot> Registered alert 4711 as SOC-');
    const [alert] = await registeredAlerts(path.join(dir, 'data'));
    expect(alert).toMatchObject({ alertId: '4711', createdBy: 'ana', conversationId: 'console' });
  });

  it('retrains a model trained on an older version of the corpus before it answers, and says so', async () => {
    const corpus = path.join(dir, 'corpus');
    await cp(env.SOCBOT_CORPUS ?? '', corpus, { recursive: true });
    const ownEnv = { ...env, SOCBOT_CORPUS: corpus };
    expect((await runCli(['chat'], { env: ownEnv, stdin: 'exit\n' })).code).toBe(0);
    const file = path.join(corpus, 'smalltalk.en.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as { data: Array<{ utterances: string[] }> };
    json.data[0]?.utterances.push('a phrase added after the model was trained');
    await writeFile(file, JSON.stringify(json, null, 2));

    const run = await runCli(['chat'], { env: ownEnv, stdin: 'exit\n' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `The model at ${env.SOCBOT_MODEL} was trained on another version of the corpus`,
    );
    expect(run.stderr).toContain(`Saved the model to ${env.SOCBOT_MODEL}`);
    expect(await readFile(env.SOCBOT_MODEL ?? '', 'utf8')).toContain(
      loadCorpus(corpus, { strict: true }).hash,
    );
  });

  it('keeps separate conversations apart', async () => {
    await runCli(['chat', '--conversation', 'one'], { env, stdin: 'register alert 4711\n' });
    const other = await runCli(['chat', '--conversation', 'two'], { env, stdin: 'status\n' });
    expect(other.stdout).toContain('socbot> Nothing is in progress.');
  });

  it('prints a slow ticket when it arrives, after answering at once', async () => {
    const servicenow = await startServiceNowStandIn('socbot', 'servicenow-secret-0123456789');
    // 100 ms acknowledgement window here against an API taking ~1 s (production: ~3 s).
    const slow = await startSlowProxy(servicenow.url, 500);
    try {
      const run = await runCli(['chat'], {
        env: {
          ...env,
          TICKETING: 'servicenow',
          SERVICENOW_URL: slow.url,
          SERVICENOW_USER: 'socbot',
          SERVICENOW_PASSWORD: 'servicenow-secret-0123456789',
          SOCBOT_ACK_WAIT_MS: '100',
        },
        stdin: 'ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815\nP2\nyes\n',
      });
      expect(run.code).toBe(0);
      const answer = run.stdout.indexOf('On it: I will create the ticket for SOC-');
      const ticket = run.stdout.indexOf('socbot> Ticket INC0010001 created for SOC-');
      expect(answer).toBeGreaterThan(0);
      expect(ticket).toBeGreaterThan(answer);
      expect(servicenow.incidents).toHaveLength(1);
    } finally {
      await slow.close();
      await servicenow.close();
    }
  });
});
