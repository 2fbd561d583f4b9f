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
