import { loadIntegrationConfig } from '../../../src/integrations/integration-config';
import { integrationCredentials } from '../../../src/integrations/integration-credentials';
import { describeTriage, loadTriageConfig } from '../../../src/integrations/triage/triage-config';

function load(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  return { config: loadTriageConfig(env, problems), problems };
}

describe('AI triage configuration', () => {
  it('is off when LLM_BASE_URL is empty, and says that nothing is sent', () => {
    expect(load({ LLM_BASE_URL: '', LLM_MODEL: 'x' })).toEqual({ config: { enabled: false }, problems: [] });
    expect(describeTriage({ enabled: false })).toBe(
      'AI triage off (LLM_BASE_URL is empty: nothing is sent anywhere)',
    );
  });

  it('reads the LLM_* variables with defaults', () => {
    const { config, problems } = load({
      LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_MODEL: 'llama3.1',
      LLM_NEVER_SEND: 'username, ip',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      enabled: true,
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKey: '',
      model: 'llama3.1',
      timeoutMs: 30_000,
      maxTokens: 800,
      neverSend: ['username', 'ip'],
      priorities: ['P1', 'P2', 'P3'],
    });
    expect(describeTriage(config)).toBe(
      'AI triage on: model llama3.1 at 127.0.0.1:11434, never sending username, ip',
    );
  });

  it('takes SOCBOT_TRIAGE_PRIORITIES, and none for on-demand only', () => {
    const base = { LLM_BASE_URL: 'https://api.openai.com/v1', LLM_MODEL: 'm' };
    expect(load({ ...base, SOCBOT_TRIAGE_PRIORITIES: 'p1,P4' }).config).toMatchObject({
      priorities: ['P1', 'P4'],
    });
    expect(load({ ...base, SOCBOT_TRIAGE_PRIORITIES: 'none' }).config).toMatchObject({ priorities: [] });
  });

  it('names every problem and how to fix it, never echoing the URL', () => {
    const { config, problems } = load({
      LLM_BASE_URL: 'ftp://user:hunter2@example.com',
      LLM_NEVER_SEND: 'username,password',
      LLM_TIMEOUT_MS: '5',
      SOCBOT_TRIAGE_PRIORITIES: 'P9',
    });
    expect(config).toEqual({ enabled: false });
    expect(problems).toEqual([
      'LLM_TIMEOUT_MS: must be at least 1000 (one second); a model needs seconds to answer',
    ]);
    const second = load({
      LLM_BASE_URL: 'ftp://user:hunter2@example.com',
      LLM_NEVER_SEND: 'username,password',
      SOCBOT_TRIAGE_PRIORITIES: 'P9',
    });
    expect(second.problems).toEqual([
      expect.stringMatching(/^LLM_BASE_URL: not a valid http or https URL/),
      expect.stringMatching(/^LLM_MODEL: required when LLM_BASE_URL is set/),
      expect.stringMatching(/^LLM_NEVER_SEND: unknown field "password"/),
      expect.stringMatching(/^SOCBOT_TRIAGE_PRIORITIES: unknown priority "P9"/),
    ]);
    expect(second.problems.join(' ')).not.toContain('hunter2');
  });

  it('is a section of the integration configuration, whose problems it reports, and its key is a credential', () => {
    expect(() => loadIntegrationConfig({ LLM_BASE_URL: 'https://api.openai.com/v1' })).toThrow(
      /LLM_MODEL: required/,
    );
    const config = loadIntegrationConfig({
      LLM_BASE_URL: 'https://api.openai.com/v1',
      LLM_MODEL: 'gpt-4.1-mini',
      LLM_API_KEY: 'sk-live-abcdef0123456789',
    });
    expect(config.triage).toMatchObject({ enabled: true, model: 'gpt-4.1-mini' });
    expect(integrationCredentials(config)).toContain('sk-live-abcdef0123456789');
  });
});
