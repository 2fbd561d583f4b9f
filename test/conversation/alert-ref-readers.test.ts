import path from 'node:path';
import { emptyMemory } from '../../src/conversation/conversation-memory';
import { loadSkillRegistry } from '../../src/skills/skill-registry';
import { LOCAL_ANALYST, startTurnRunner, textOf, UNKNOWN_USER, type TurnRunner } from './helpers/turn-runner';

/** Engine fixture skills (test/fixtures/skills/engine), not the shipped ones. */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

/** Naming a socbot reference reads the register: only the SOC's own people may. */
describe('alert references and who may read them', () => {
  let runner: TurnRunner;
  let ref: string;
  beforeEach(async () => {
    runner = await startTurnRunner(await loadSkillRegistry(ENGINE_SKILLS));
    const alert = await runner.app.store.alerts.add({
      alertId: '5151',
      terminal: 'WS-4242',
      username: 'JSMITH',
      system: 'QAS',
      priority: 'P2',
      createdBy: 'Ana',
      conversationId: 'c0',
    });
    ref = alert.ref;
  });
  afterEach(async () => {
    await runner.dispose();
  });

  it('a user with no role is told why and learns nothing the register holds', async () => {
    const memory = emptyMemory();
    const result = await runner.text(`the terminal was the same as in ${ref}`, memory, UNKNOWN_USER);
    const text = textOf(result);
    expect(text).toContain(`I can't look up ${ref} for you`);
    expect(text).toContain('analyst or lead role');
    for (const secret of ['WS-4242', 'JSMITH', 'QAS', '5151']) expect(text).not.toContain(secret);
    expect(memory.facts).toEqual({});
  });

  it('an analyst gets the registered facts from the same sentence', async () => {
    const memory = emptyMemory();
    const result = await runner.text(`the terminal was the same as in ${ref}`, memory, LOCAL_ANALYST);
    expect(textOf(result)).toContain('WS-4242');
    expect(memory.facts).toMatchObject({ terminal: 'WS-4242', username: 'JSMITH', system: 'QAS' });
  });
});
