import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isSocbotError, type SocbotError } from '../../src/errors';
import { INTEGRATION_VARIABLES, loadIntegrationConfig } from '../../src/integrations/integration-config';

const SECRET = 'abcdefghijklmnop-secret';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadIntegrationConfig(env);
  } catch (error) {
    if (isSocbotError(error, 'CONFIG_INVALID')) return (error as SocbotError).details.problems as string[];
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('integration configuration', () => {
  it('defaults to no integrations (no enrichment source either) and a 10 s timeout', () => {
    expect(loadIntegrationConfig({})).toEqual({
      timeoutMs: 10_000,
      ticketing: { provider: 'none' },
      blocking: [],
      basis: { teams: false },
      leads: { teams: false },
      exec: { teams: false },
      basisAckSecret: '',
      basisAckTtlHours: 72,
      enrichment: { sources: {}, cacheMinutes: 60, timeoutMs: 10_000 },
      triage: { enabled: false },
    });
  });

  it('checks BASIS_ACK_SECRET even when no notice carries links: the acknowledge route uses it all the same', () => {
    expect(problemsOf({ BASIS_NOTIFY: 'teams', BASIS_ACK_SECRET: 'short' })).toEqual([
      'BASIS_ACK_SECRET: too short; use at least 16 random characters (`openssl rand -hex 32`)',
    ]);
    expect(loadIntegrationConfig({ BASIS_NOTIFY: 'teams', BASIS_ACK_SECRET: SECRET }).basisAckSecret).toBe(
      SECRET,
    );
  });

  it('reads a full ServiceNow + webhook,scim + e-mail/webhook/teams configuration', () => {
    const config = loadIntegrationConfig({
      TICKETING: 'ServiceNow',
      SERVICENOW_URL: 'https://acme.service-now.com',
      SERVICENOW_USER: 'socbot',
      SERVICENOW_PASSWORD: 'pw',
      BLOCK: 'webhook, scim',
      BLOCK_WEBHOOK_URL: 'https://nac.example.com/block',
      WEBHOOK_SECRET: SECRET,
      SCIM_URL: 'https://idp.example.com/scim/v2',
      SCIM_TOKEN: 'tok',
      BASIS_NOTIFY: 'teams,email,webhook',
      BASIS_WEBHOOK_URL: 'https://prod.westeurope.logic.azure.com/workflows/x?sig=y',
      BASIS_EMAIL_TO: 'basis@example.com, oncall@example.com',
      LEADS_NOTIFY: 'email',
      LEADS_EMAIL_TO: 'leads@example.com',
      SMTP_URL: 'smtp://u:p@mail.example.com:587',
      SMTP_FROM: 'socbot@example.com',
      PUBLIC_BASE_URL: 'https://socbot.example.com',
      BASIS_ACK_SECRET: SECRET,
      INTEGRATION_TIMEOUT_MS: '5000',
    });
    expect(config.timeoutMs).toBe(5000);
    expect(config.ticketing).toEqual({
      provider: 'servicenow',
      url: 'https://acme.service-now.com',
      user: 'socbot',
      password: 'pw',
    });
    // BLOCK_WEBHOOK_SECRET falls back to WEBHOOK_SECRET.
    expect(config.blocking).toEqual([
      { provider: 'webhook', url: 'https://nac.example.com/block', secret: SECRET },
      { provider: 'scim', url: 'https://idp.example.com/scim/v2', token: 'tok' },
    ]);
    expect(config.basis).toEqual({
      teams: true,
      webhook: { url: 'https://prod.westeurope.logic.azure.com/workflows/x?sig=y' },
      email: { to: ['basis@example.com', 'oncall@example.com'] },
    });
    expect(config.leads).toEqual({ teams: false, email: { to: ['leads@example.com'] } });
    expect(config.smtp).toEqual({ url: 'smtp://u:p@mail.example.com:587', from: 'socbot@example.com' });
    expect(config.ack).toEqual({ publicBaseUrl: 'https://socbot.example.com', secret: SECRET, ttlHours: 72 });
  });

  it.each([
    [{ TICKETING: 'servicenow' }, ['SERVICENOW_URL', 'SERVICENOW_USER', 'SERVICENOW_PASSWORD']],
    [
      { TICKETING: 'jira', JIRA_URL: 'https://acme.atlassian.net' },
      ['JIRA_USER', 'JIRA_TOKEN', 'JIRA_PROJECT'],
    ],
    [{ TICKETING: 'thehive' }, ['THEHIVE_URL', 'THEHIVE_API_KEY']],
    [{ TICKETING: 'webhook', ALERT_WEBHOOK_URL: 'https://h.example.com' }, ['WEBHOOK_SECRET']],
    [{ BLOCK: 'scim' }, ['SCIM_URL', 'SCIM_TOKEN']],
    [{ BLOCK: 'webhook', BLOCK_WEBHOOK_URL: 'https://nac.example.com' }, ['BLOCK_WEBHOOK_SECRET']],
    [{ BASIS_NOTIFY: 'webhook' }, ['BASIS_WEBHOOK_URL', 'PUBLIC_BASE_URL', 'BASIS_ACK_SECRET']],
    [
      { LEADS_NOTIFY: 'email' },
      ['LEADS_EMAIL_TO', 'SMTP_URL', 'SMTP_FROM', 'PUBLIC_BASE_URL', 'BASIS_ACK_SECRET'],
    ],
  ])('names every missing variable for %j', (env, missing) => {
    const problems = problemsOf(env);
    for (const name of missing) {
      const problem = problems.find((line) => line.startsWith(`${name}:`));
      expect(problem).toBeDefined();
      // Each problem says what to set, not only that something is wrong.
      expect(problem).toMatch(/set it to|use at least|required/);
    }
    expect(problems).toHaveLength(missing.length);
  });

  it('rejects unknown choices, bad URLs, bad addresses, short secrets and a bad timeout', () => {
    expect(problemsOf({ TICKETING: 'remedy' })[0]).toContain('none, servicenow, jira, thehive, webhook');
    expect(problemsOf({ BLOCK: 'webhook,firewall' })[0]).toContain('unknown value "firewall"');
    expect(problemsOf({ BASIS_NOTIFY: 'pager' })[0]).toContain('unknown value "pager"');
    expect(problemsOf({ TICKETING: 'thehive', THEHIVE_URL: 'ftp://x', THEHIVE_API_KEY: 'k' })[0]).toMatch(
      /^THEHIVE_URL: not a valid/,
    );
    expect(
      problemsOf({
        TICKETING: 'webhook',
        ALERT_WEBHOOK_URL: 'https://h.example.com',
        WEBHOOK_SECRET: 'short',
      })[0],
    ).toMatch(/^WEBHOOK_SECRET: too short/);
    expect(
      problemsOf({
        BASIS_NOTIFY: 'email',
        BASIS_EMAIL_TO: 'basis@example.com, not-an-address',
        SMTP_URL: 'smtp://mail.example.com',
        SMTP_FROM: 'socbot@example.com',
        PUBLIC_BASE_URL: 'https://socbot.example.com',
        BASIS_ACK_SECRET: SECRET,
      }),
    ).toEqual(['BASIS_EMAIL_TO: not e-mail addresses: not-an-address']);
    expect(problemsOf({ INTEGRATION_TIMEOUT_MS: '10' })[0]).toMatch(/^INTEGRATION_TIMEOUT_MS/);
  });

  it('never echoes a URL value (it may carry credentials)', () => {
    const problems = problemsOf({
      TICKETING: 'jira',
      JIRA_URL: 'notaurl://user:hunter2@x',
      JIRA_USER: 'u',
      JIRA_TOKEN: 't',
      JIRA_PROJECT: 'P',
    });
    expect(problems.join(' ')).not.toContain('hunter2');
  });

  it('the CONFIG_INVALID message lists the problems and points at .env.example', () => {
    expect(() => loadIntegrationConfig({ TICKETING: 'thehive' })).toThrow(
      /THEHIVE_URL: required when TICKETING=thehive.*\.env\.example/,
    );
  });
});

describe('env.example.fragment', () => {
  it('documents exactly the variables the schema reads', () => {
    const fragment = readFileSync(
      path.join(__dirname, '../../src/integrations/env.example.fragment'),
      'utf8',
    );
    const documented = fragment
      .split('\n')
      .map((line) => /^([A-Z_]+)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect([...documented].sort()).toEqual([...INTEGRATION_VARIABLES].sort());
  });
});
