import path from 'node:path';
import {
  emptyMemory,
  type ConversationMemory,
  type FormState,
} from '../../src/conversation/conversation-memory';
import { loadSkillRegistry, type SkillRegistry } from '../../src/skills/skill-registry';
import type { Skill } from '../../src/skills/types';
import {
  confirmButtonOf,
  startTurnRunner,
  textOf,
  UNKNOWN_USER,
  type TurnRunner,
} from './helpers/turn-runner';

/** Engine fixture skills (test/fixtures/skills/engine), not the shipped ones. */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

function form(id: string, skill: string, values: Record<string, string>): FormState {
  return { id, skill, values, skipped: [], awaiting: { kind: 'confirm' } };
}

/** Every way a form ends is told to the analyst, recorded, and told again by its old card. */
describe('how a form ends', () => {
  let registry: SkillRegistry;
  let runner: TurnRunner;
  let memory: ConversationMemory;
  beforeEach(async () => {
    registry = await loadSkillRegistry(ENGINE_SKILLS);
    memory = emptyMemory();
  });
  afterEach(async () => {
    await runner.dispose();
  });

  async function startOn(skills: SkillRegistry): Promise<void> {
    runner = await startTurnRunner(skills);
    // Forms saved with the current manifests: resumed as they are.
    for (const saved of [memory.form, ...(memory.parked ?? [])]) {
      const skill = saved && skills.get(saved.skill);
      if (saved && skill) saved.version = skill.version;
    }
  }

  it('a fourth form kept aside puts the oldest down for good, and says which and what it had', async () => {
    memory.parked = [
      form('req-1', 'log-incident', { alertId: '1111', terminal: 'PC-0001' }),
      form('req-2', 'log-incident', { alertId: '2222' }),
      form('req-3', 'log-incident', { alertId: '3333' }),
    ];
    memory.form = form('req-4', 'page-oncall', { username: 'DDIC', system: 'PRD' });
    await startOn(registry);
    const switched = await runner.text('register alert', memory);
    expect(textOf(switched)).toContain(
      'I put "log an incident" (alert ID 1111, terminal PC-0001) down for good, nothing done',
    );
    expect(memory.ended).toContainEqual({ id: 'req-1', skill: 'log-incident', outcome: 'put-down' });
    const oldCard = await runner.submit({ action: 'confirm', skill: 'log-incident', form: 'req-1' }, memory);
    expect(textOf(oldCard)).toContain('was put down unfinished');
  });

  it('a parked form whose skill is gone is said, with what it had, and recorded as ended', async () => {
    memory.parked = [form('req-old', 'retired-skill', { alertId: '4711', terminal: 'PC-0815' })];
    memory.form = form('req-now', 'page-oncall', { username: 'DDIC', system: 'PRD' });
    await startOn(registry);
    const cancelled = await runner.text('cancel', memory);
    expect(textOf(cancelled)).toContain(
      'The request of skill "retired-skill" can no longer be continued: that skill is no longer installed. It had alertId 4711, terminal PC-0815; nothing was done.',
    );
    expect(memory.ended).toContainEqual({ id: 'req-old', skill: 'retired-skill', outcome: 'skill-removed' });
    const oldCard = await runner.submit(
      { action: 'confirm', skill: 'retired-skill', form: 'req-old' },
      memory,
    );
    expect(textOf(oldCard)).toContain('ended because its skill is no longer installed');
  });

  it('an action that refuses is audited as refused and ends the form as refused', async () => {
    const logIncident = registry.get('log-incident') as Skill;
    const refusing: Skill = { ...logIncident, act: async () => ({ text: 'Not today.', outcome: 'refused' }) };
    await startOn({
      ...registry,
      get: (name) => (name === refusing.name ? refusing : registry.get(name)),
      forIntent: (intent) =>
        registry.forIntent(intent) === logIncident ? refusing : registry.forIntent(intent),
    });
    const asked = await runner.text('register alert 4711 from terminal PC-0815 P2', memory);
    const confirm = confirmButtonOf(asked);
    expect(textOf(await runner.submit(confirm, memory))).toContain('Not today.');
    expect(runner.audited.at(-1)).toMatchObject({ action: 'result', result: 'refused' });
    expect(memory.ended?.at(-1)).toMatchObject({ id: confirm.form, outcome: 'refused' });
    expect(textOf(await runner.submit(confirm, memory))).toContain('was refused, so nothing was done');
  });

  it('a permission refused at the confirmation ends the form as refused, not finished', async () => {
    await startOn(registry);
    const confirm = confirmButtonOf(
      await runner.text('register alert 4711 from terminal PC-0815 P2', memory),
    );
    const refused = await runner.submit(confirm, memory, UNKNOWN_USER);
    expect(textOf(refused)).toContain("I can't log an incident for you");
    expect(runner.audited.at(-1)).toMatchObject({ action: 'refusal' });
    expect(memory.ended?.at(-1)).toMatchObject({ id: confirm.form, outcome: 'refused' });
    expect(textOf(await runner.submit(confirm, memory))).toContain('was refused, so nothing was done');
  });
});
