import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../errors';
import { SkillManifestSchema } from './manifest-schema';
import { manifestVersion } from './manifest-version';
import type { Skill, SkillAction, SkillCheck, SkillManifest } from './types';

/**
 * The skills directory of this installation: `<package>/skills` when running from TypeScript
 * sources (jest, tsx), `<package>/dist/skills` when running compiled code, where the manifests and
 * actions exist as .js.
 */
export function defaultSkillsDir(): string {
  return path.resolve(__dirname, '..', '..', 'skills');
}

/** The loaded skills, with look-ups by name and trigger intent. */
export interface SkillRegistry {
  /** In folder-name order. */
  readonly skills: readonly Skill[];
  get(name: string): Skill | undefined;
  /** The skill that the intent starts, if any. */
  forIntent(intent: string): Skill | undefined;
}

// Manifests and actions may be TypeScript (jest, tsx) or compiled JavaScript (dist).
const MODULE_EXTENSIONS = ['.js', '.ts'];

/**
 * Scans `skillsDir`: every sub-folder is a skill with a manifest (`manifest.json`, `manifest.ts`
 * or `manifest.js`, default export) and an action module (`action.ts` / `action.js` exporting
 * `act`). Adding a skill is adding a folder; nothing in src/ changes.
 *
 * Throws SKILL_INVALID naming the file for a missing or invalid manifest or action, and for a
 * trigger intent claimed by two skills.
 *
 * @example
 *   const registry = await loadSkillRegistry();
 *   registry.forIntent('alert')?.manifest.title; // 'register an alert'
 */
export async function loadSkillRegistry(skillsDir: string = defaultSkillsDir()): Promise<SkillRegistry> {
  const entries = await readdir(skillsDir, { withFileTypes: true }).catch((error: unknown) => {
    throw new SocbotError(
      'SKILL_INVALID',
      `The skills directory ${skillsDir} cannot be read (${(error as Error).message}). Create it, or point socbot at the right one.`,
      { file: skillsDir },
      { cause: error },
    );
  });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const skills: Skill[] = [];
  for (const name of folders) {
    skills.push(await loadSkill(path.join(skillsDir, name)));
  }
  const byIntent = new Map<string, Skill>();
  for (const skill of skills) {
    for (const intent of skill.manifest.triggerIntents) {
      const other = byIntent.get(intent);
      if (other) {
        throw new SocbotError(
          'SKILL_INVALID',
          `The intent "${intent}" triggers both skills/${other.name} and skills/${skill.name}. Give each intent to one skill.`,
          { file: manifestFileOf(skill.dir), intent },
        );
      }
      byIntent.set(intent, skill);
    }
  }
  return {
    skills,
    get: (name) => skills.find((skill) => skill.name === name),
    forIntent: (intent) => byIntent.get(intent),
  };
}

/** Loads one skill folder. */
export async function loadSkill(dir: string): Promise<Skill> {
  const manifestFile = manifestFileOf(dir);
  if (!manifestFile) {
    throw new SocbotError(
      'SKILL_INVALID',
      `The skill folder ${dir} has no manifest. Add manifest.ts (or manifest.json) describing its intents and slots; see skills/register-alert.`,
      { file: dir },
    );
  }
  const manifest = parseManifest(manifestFile, await readManifest(manifestFile));
  const actionFile = firstExisting(dir, 'action');
  if (!actionFile) {
    throw new SocbotError(
      'SKILL_INVALID',
      `The skill folder ${dir} has no action module. Add action.ts exporting \`act(ctx)\`; see skills/register-alert.`,
      { file: dir },
    );
  }
  const actionModule = requireModule(actionFile);
  const { act, check } = actionModule;
  if (typeof act !== 'function') {
    throw new SocbotError(
      'SKILL_INVALID',
      `${actionFile} does not export a function \`act\`. Export \`export const act: SkillAction = async (ctx) => ...\`.`,
      { file: actionFile },
    );
  }
  if (check !== undefined && typeof check !== 'function') {
    throw new SocbotError(
      'SKILL_INVALID',
      `${actionFile} exports \`check\` that is not a function. Export \`export const check: SkillCheck = async (ctx) => ...\` or remove it.`,
      { file: actionFile },
    );
  }
  return {
    name: path.basename(dir),
    dir,
    manifest,
    version: manifestVersion(manifest),
    act: act as SkillAction,
    ...(check ? { check: check as SkillCheck } : {}),
  };
}

/** The manifest file of a skill folder (manifest.json, else manifest.js or manifest.ts). */
export function manifestFileOf(dir: string): string | undefined {
  const json = path.join(dir, 'manifest.json');
  return existsSync(json) ? json : firstExisting(dir, 'manifest');
}

function firstExisting(dir: string, base: string): string | undefined {
  return MODULE_EXTENSIONS.map((ext) => path.join(dir, base + ext)).find((file) => existsSync(file));
}

async function readManifest(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    const text = await readFile(file, 'utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new SocbotError(
        'SKILL_INVALID',
        `${file} is not valid JSON (${(error as Error).message}). Fix the file and start socbot again.`,
        { file },
        { cause: error },
      );
    }
  }
  const loaded = requireModule(file);
  return loaded.default ?? loaded.manifest;
}

function parseManifest(file: string, raw: unknown): SkillManifest {
  const parsed = SkillManifestSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(manifest)'}: ${issue.message}`,
  );
  throw new SocbotError(
    'SKILL_INVALID',
    `The skill manifest ${file} is invalid: ${problems.join('; ')}. Fix it (see skills/register-alert/manifest.ts for a complete example).`,
    { file, problems },
  );
}

function requireModule(file: string): Record<string, unknown> {
  try {
    // A plain require: under jest it goes through the TypeScript transform, in dist it loads .js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Record<string, unknown>;
  } catch (error) {
    throw new SocbotError(
      'SKILL_INVALID',
      `${file} cannot be loaded: ${(error as Error).message}. Fix the module (or run \`npm run build\` if you changed a TypeScript skill).`,
      { file },
      { cause: error },
    );
  }
}
