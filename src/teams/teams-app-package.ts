import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { findPackageFile } from '../channels/webchat/find-package-file';
import { SocbotError } from '../errors';
import { pngSize } from './png-size';
import { fillTeamsManifest, type TeamsManifestValues } from './teams-manifest';
import { validateTeamsManifest } from './validate-teams-manifest';

/** The icons Teams requires, by manifest field: file name and exact size. */
const ICONS = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

/** Where the template and icons come from; defaults to the package's teams/ folder. */
export interface TeamsPackageSources {
  /** The manifest template (JSON). */
  template?: string;
  /** The folder holding color.png and outline.png. */
  iconsDir?: string;
}

/** A built Teams app package. */
export interface TeamsAppPackage {
  /** The zip: manifest.json, color.png, outline.png at its root, as Teams expects. */
  zip: Uint8Array;
  manifest: Record<string, unknown>;
}

/** Zip entries get a fixed time, so the same inputs give the same bytes. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');

/**
 * Builds the Teams app package for sideloading or upload: fills the manifest template, validates it
 * against the Teams v1.19 schema, checks both icons (PNG, 192×192 and 32×32) and zips the three
 * files at the root. Throws CONFIG_INVALID saying what to fix.
 *
 * @example
 *   const { zip } = await buildTeamsAppPackage({ botId, appId: botId, version: '0.1.0', validDomains: [] });
 *   await writeFile('socbot-teams.zip', zip);
 */
export async function buildTeamsAppPackage(
  values: TeamsManifestValues,
  sources: TeamsPackageSources = {},
): Promise<TeamsAppPackage> {
  const templateFile = sources.template ?? findPackageFile('teams/manifest.template.json');
  const iconsDir = sources.iconsDir ?? path.dirname(findPackageFile('teams/color.png'));
  const manifest = fillTeamsManifest(await readJson(templateFile), values);
  validateTeamsManifest(manifest);

  const files: Record<string, [Uint8Array, { mtime: Date }]> = {
    'manifest.json': [strToU8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime: ZIP_TIME }],
  };
  const icons = manifest.icons as Record<keyof typeof ICONS, string>;
  for (const [field, { file, size }] of Object.entries(ICONS)) {
    if (icons[field as keyof typeof ICONS] !== file) {
      throw new SocbotError(
        'CONFIG_INVALID',
        `The manifest's icons.${field} must be "${file}" (the file socbot puts into the package).`,
        { reason: 'teams-icon' },
      );
    }
    const bytes = await readFile(path.join(iconsDir, file)).catch((error: unknown) => {
      throw new SocbotError(
        'CONFIG_INVALID',
        `The Teams icon ${path.join(iconsDir, file)} cannot be read (${(error as Error).message}). ` +
          `Put a ${size}×${size} PNG there.`,
        { reason: 'teams-icon' },
      );
    });
    const { width, height } = pngSize(bytes, path.join(iconsDir, file));
    if (width !== size || height !== size) {
      throw new SocbotError(
        'CONFIG_INVALID',
        `${path.join(iconsDir, file)} is ${width}×${height}; Teams requires ${size}×${size} for the ${field} icon.`,
        { reason: 'teams-icon' },
      );
    }
    files[file] = [bytes, { mtime: ZIP_TIME }];
  }
  return { zip: zipSync(files, { level: 9 }), manifest };
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new SocbotError(
      'CONFIG_INVALID',
      `The Teams manifest template ${file} cannot be read: ${(error as Error).message}.`,
      {
        reason: 'teams-manifest',
      },
    );
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SocbotError(
      'CONFIG_INVALID',
      `The Teams manifest template ${file} is not valid JSON (${(error as Error).message}). Fix the file.`,
      { reason: 'teams-manifest' },
    );
  }
}
