import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SocbotError } from '../../src/errors';
import { defaultSkillsDir, loadSkillRegistry } from '../../src/skills/skill-registry';

const validManifest = {
  title: 'block a terminal',
  description: 'blocks a terminal',
  triggerIntents: ['blockTerminal'],
  examples: ['block terminal PC-0815'],
  slots: [
    {
      name: 'terminal',
      entity: 'terminal',
      label: 'terminal',
      prompt: 'Which terminal?',
      why: 'to block it',
      example: 'PC-0815',
    },
  ],
  confirmation: 'Block {terminal}?',
};

const action = "exports.act = async (ctx) => ({ text: 'blocked ' + ctx.slots.terminal });\n";

async function writeSkill(
  dir: string,
  name: string,
  manifest: unknown,
  actionSource = action,
): Promise<string> {
  const skillDir = path.join(dir, name);
  await mkdir(skillDir, { recursive: true });
  const manifestFile = path.join(skillDir, 'manifest.json');
  await writeFile(manifestFile, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  await writeFile(path.join(skillDir, 'action.js'), actionSource);
  return manifestFile;
}

async function loadError(dir: string): Promise<SocbotError> {
  return loadSkillRegistry(dir).then(
    () => {
      throw new Error('expected loading to fail');
    },
    (error: SocbotError) => error,
  );
}

describe('skill registry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-skills-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the shipped skills from the package skills/ folder', async () => {
    const registry = await loadSkillRegistry(defaultSkillsDir());
    expect(registry.skills.map((skill) => skill.name)).toEqual([
      'assign-alert',
      'close-alert',
      'contain-alert',
      'correct-mail-category',
      'incident-timeline',
      'investigate-incident',
      'list-my-alerts',
      'list-open-alerts',
      'list-urgent-alerts',
      'lookup-alert',
      'lookup-indicator',
      'note-alert',
      'register-alert',
      'reopen-alert',
      'take-alert',
      'talk-to-basis',
      'triage-alert',
    ]);
    // Look-ups, lists and small changes answer at once; registering, assigning, closing, reopening ask first.
    expect(registry.skills.filter((skill) => !skill.manifest.confirm).map((skill) => skill.name)).toEqual([
      'contain-alert',
      'incident-timeline',
      'list-my-alerts',
      'list-open-alerts',
      'list-urgent-alerts',
      'lookup-alert',
      'lookup-indicator',
      'note-alert',
      'take-alert',
      'triage-alert',
    ]);
    // Buttons: the skills whose first example works in any installation.
    expect(registry.skills.filter((skill) => skill.manifest.suggested).map((skill) => skill.name)).toEqual([
      'list-open-alerts',
      'register-alert',
      'talk-to-basis',
    ]);
    expect(registry.forIntent('alert')?.manifest.slots.map((slot) => slot.name)).toEqual([
      'alertId',
      'terminal',
      'username',
      'system',
      'priority',
    ]);
    expect(registry.get('talk-to-basis')?.manifest.slots.every((slot) => slot.required)).toBe(true);
    expect(registry.forIntent('greeting')).toBeUndefined();
  });

  it('picks up a new skill folder without any code change', async () => {
    await writeSkill(dir, 'block-terminal', validManifest);
    const registry = await loadSkillRegistry(dir);
    const skill = registry.forIntent('blockTerminal');
    expect(skill?.name).toBe('block-terminal');
    expect(skill?.manifest.slots[0]?.required).toBe(true);
    expect(skill?.manifest.confirm).toBe(true);
    await expect(skill?.act({ slots: { terminal: 'PC-1' } } as never)).resolves.toEqual({
      text: 'blocked PC-1',
    });
  });

  it.each([
    [
      'an unknown entity type',
      { ...validManifest, slots: [{ ...validManifest.slots[0], entity: 'colour' }] },
      'slots.0.entity',
    ],
    ['no trigger intent', { ...validManifest, triggerIntents: [] }, 'triggerIntents'],
    ['a placeholder naming no slot', { ...validManifest, confirmation: 'Block {host}?' }, '{host}'],
    [
      'a slot without prompt',
      { ...validManifest, slots: [{ ...validManifest.slots[0], prompt: undefined }] },
      'prompt',
    ],
    ['an unknown field', { ...validManifest, colour: 'red' }, 'colour'],
    ['a confirm that is not true or false', { ...validManifest, confirm: 'no' }, 'confirm'],
    ['an unknown permission', { ...validManifest, permission: 'read_everything' }, 'permission'],
  ])('rejects a manifest with %s as SKILL_INVALID naming the file', async (_case, manifest, mentioned) => {
    const file = await writeSkill(dir, 'broken', manifest);
    const error = await loadError(dir);
    expect(error.code).toBe('SKILL_INVALID');
    expect(error.message).toContain(file);
    expect(error.message).toContain(mentioned);
    expect(error.details.file).toBe(file);
  });

  it('rejects a manifest that is not JSON', async () => {
    const file = await writeSkill(dir, 'broken', '{ "title": ');
    const error = await loadError(dir);
    expect(error).toMatchObject({ code: 'SKILL_INVALID', details: { file } });
  });

  it('rejects an action module without act()', async () => {
    await writeSkill(dir, 'no-act', validManifest, 'exports.run = () => 1;\n');
    const error = await loadError(dir);
    expect(error.code).toBe('SKILL_INVALID');
    expect(error.message).toContain(path.join(dir, 'no-act', 'action.js'));
  });

  it('rejects a folder without a manifest, and two skills claiming one intent', async () => {
    await mkdir(path.join(dir, 'empty'));
    expect((await loadError(dir)).message).toContain(path.join(dir, 'empty'));
    await rm(path.join(dir, 'empty'), { recursive: true });

    await writeSkill(dir, 'a-block', validManifest);
    await writeSkill(dir, 'b-block', validManifest);
    const error = await loadError(dir);
    expect(error.code).toBe('SKILL_INVALID');
    expect(error.message).toContain('blockTerminal');
  });

  it('explains a missing skills directory', async () => {
    const missing = path.join(dir, 'nope');
    expect(await loadError(missing)).toMatchObject({ code: 'SKILL_INVALID', details: { file: missing } });
  });
});
