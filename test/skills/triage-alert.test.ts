import type { Activity } from 'botbuilder';
import { loadConfig } from '../../src/config';
import type { TurnSource } from '../../src/conversation/turn-input';
import type { IntegrationConfig } from '../../src/integrations/integration-config';
import { completion, startOpenAiStandIn, triageJson } from '../integrations/stand-ins/openai-stand-in';
import type { StandIn } from '../integrations/stand-ins/stand-in-server';
import { EVE, LEA, startLifecycleChat, type LifecycleChat } from './helpers/lifecycle-chat';

const API_KEY = 'sk-triage-skill-0123456789abcdef';
const MODEL = 'gpt-4.1-mini';
/** The channel of the asking conversation, delivered in process so the test sees the card. */
const TEST_CHANNEL = 'urn:socbot:triage-test';

/** The triage section as the environment gives it, pointed at the stand-in. */
function triageEnv(model: StandIn): Pick<IntegrationConfig, 'triage'> {
  return {
    triage: loadConfig({
      LLM_BASE_URL: `${model.url}/v1`,
      LLM_API_KEY: API_KEY,
      LLM_MODEL: MODEL,
      LLM_TIMEOUT_MS: '5000',
    }).integrations.triage,
  };
}

/**
 * skills/triage-alert on the shipped model against the OpenAI-compatible stand-in on 127.0.0.1:
 * "triage SOC-…" stores the triage and answers with it, the card with its feedback buttons reaches
 * the conversation that asked, "this one" is the alert looked up before, off says how to switch it
 * on, roles are checked before any question, and an invalid model answer shows nothing of it.
 */
describe('skills/triage-alert', () => {
  let model: StandIn;
  let chat: LifecycleChat;
  let lea: TurnSource;
  let posted: Partial<Activity>[];

  beforeEach(async () => {
    model = await startOpenAiStandIn({ apiKey: API_KEY, model: MODEL });
  });
  afterEach(async () => {
    await chat?.dispose();
    await model.close();
  });

  /** Starts socbot (triage on unless `off`) and gives Lea a conversation the bot can post to. */
  async function start(options: { off?: boolean } = {}): Promise<void> {
    chat = await startLifecycleChat(options.off ? {} : { integrations: triageEnv(model) });
    const conversationKey = await chat.app.directory.remember({
      channelId: 'msteams',
      serviceUrl: TEST_CHANNEL,
      conversation: { id: 'c-lea-triage', name: '', isGroup: false, conversationType: 'personal' },
      bot: { id: 'socbot', name: 'socbot' },
      user: { id: LEA.user.id, name: LEA.user.name },
    });
    lea = { ...LEA, conversationId: 'c-lea-triage', conversationKey };
    posted = [];
    chat.app.sender.attach(TEST_CHANNEL, async (_reference, activity) => {
      posted.push(activity);
    });
  }

  it('"triage SOC-…" asks the model, stores the triage and answers with all of it; the card comes here', async () => {
    await start();
    const alert = await chat.register();

    const answer = await chat.say(`triage ${alert.ref}`, lea);

    expect(model.requests).toHaveLength(1);
    const stored = await chat.app.store.triage.of(alert.ref);
    expect(stored).toMatchObject({
      ref: alert.ref,
      recommendation: 'escalate',
      classification: 'true_positive',
      severity: 9,
      confidence: 7,
      model: MODEL,
    });
    expect(answer).toContain(`${alert.ref} AI triage (${MODEL}, a suggestion): escalate`);
    expect(answer).toContain('Debug & replace in production without a firefighter session.');
    expect(answer).toContain('true positive, severity 9/10, confidence 7/10');
    expect(answer).toContain('User DDIC debugged and replaced values in PRD from an unknown terminal.');
    expect(answer).toContain('Artifacts: DDIC, PC-0815, 10.1.2.3.');
    // No confirmation question: a look-up of the model's opinion changes nothing.
    expect(answer).not.toMatch(/confirm|say "yes"/i);
    expect(chat.memoryOf(lea).form).toBeUndefined();
    // The card with the feedback buttons reached the conversation that asked.
    const card = posted.find((activity) => activity.attachments?.length);
    expect(JSON.stringify(card?.attachments)).toContain('triage.feedback');
    // The request is on record, with the alert it was about.
    expect(chat.audited.some((entry) => entry.action === 'call' && entry.alertRef === alert.ref)).toBe(true);
  });

  it('"what do you make of this one?" after a look-up triages the alert the conversation is about', async () => {
    await start();
    await chat.register({ alertId: '4700' });
    const second = await chat.register({ alertId: '4711' });
    await chat.say(`status of ${second.ref}`, lea);

    const answer = await chat.say('what do you make of this one?', lea);

    expect(answer).toContain(`${second.ref} AI triage`);
    expect((await chat.app.store.triage.of(second.ref))?.model).toBe(MODEL);
    expect(model.requests).toHaveLength(1);
  });

  it('asking again triages again (a new request), keeping the earlier run', async () => {
    await start();
    const alert = await chat.register();
    await chat.say(`triage ${alert.ref}`, lea);
    model.script({
      answer: completion(
        triageJson({
          recommendation: 'investigate',
          severity: 5,
          artifacts: ['[click](https://evil.example)'],
        }),
        MODEL,
      ),
    });

    const again = await chat.say(`triage ${alert.ref} again`, lea);

    expect(again).toContain('investigate');
    // A model's markdown is shown as text, never as a live link.
    expect(again).toContain('Artifacts: \\[click\\](https://evil.example).');
    expect(model.requests).toHaveLength(2);
    const stored = await chat.app.store.triage.of(alert.ref);
    expect(stored?.recommendation).toBe('investigate');
    expect(stored?.history).toHaveLength(1);
  });

  it('off (no LLM_BASE_URL): says so and how to switch it on, and sends nothing', async () => {
    await start({ off: true });
    const alert = await chat.register();

    const answer = await chat.say(`triage ${alert.ref}`, lea);

    expect(answer).toContain('AI triage is off');
    expect(answer).toContain('LLM_BASE_URL');
    expect(answer).toContain('LLM_MODEL');
    expect(answer).toContain('docs/triage.md');
    expect(model.requests).toHaveLength(0);
    expect(await chat.app.store.triage.of(alert.ref)).toBeUndefined();
    expect(posted).toEqual([]);
  });

  it('someone without a role is refused before any question, and the model is not asked', async () => {
    await start();
    const alert = await chat.register();

    const answer = await chat.say(`triage ${alert.ref}`, EVE);

    expect(answer).toContain("I can't triage an alert with the AI model for you");
    expect(answer).toContain('SOCBOT_ROLES');
    expect(answer).not.toContain('AI triage (');
    expect(answer).not.toMatch(/Which alert\?/);
    expect(chat.memoryOf(EVE).form).toBeUndefined();
    expect(model.requests).toHaveLength(0);
    expect(
      chat.audited.some((entry) => entry.action === 'refusal' && entry.details?.permission === 'read_alerts'),
    ).toBe(true);
    expect(chat.audited.some((entry) => entry.action === 'call')).toBe(false);
  });

  it('an invalid model answer says "triage unavailable" and shows nothing of it', async () => {
    await start();
    const alert = await chat.register();
    const invalid = completion(
      triageJson({ summary: 'Half-parsed secret summary', severity: 42, classification: 'Maybe' }),
      MODEL,
    );
    model.script({ answer: invalid }, { answer: invalid }, { answer: invalid }, { answer: invalid });

    const answer = await chat.say(`triage ${alert.ref}`, lea);

    expect(answer).toMatch(/triage of .* is unavailable/i);
    expect(answer).not.toContain('Half-parsed secret summary');
    expect(answer).not.toContain('severity 42');
    expect(await chat.app.store.triage.of(alert.ref)).toBeUndefined();
    expect(posted.some((activity) => JSON.stringify(activity).includes('Half-parsed'))).toBe(false);
  });
});
