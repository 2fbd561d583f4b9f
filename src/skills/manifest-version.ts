import { createHash } from 'node:crypto';
import type { SkillManifest } from './manifest-schema';

/**
 * The version a form started from `manifest` carries: the declared `version`, or else a short hash
 * of what a saved form's values depend on (each slot's name, entity type and whether it is
 * required), so reordering prompts or rewording a question does not invalidate saved forms, but
 * renaming, retyping, adding or removing a slot does.
 *
 * @example
 *   manifestVersion({ ...manifest, version: '2' }) // → '2'
 *   manifestVersion(manifest)                     // → 'slots-3f2a9c1b7d0e'
 */
export function manifestVersion(manifest: SkillManifest): string {
  if (manifest.version !== undefined) return manifest.version;
  const slots = manifest.slots
    .map((slot) => `${slot.name}:${slot.entity}:${slot.required ? 'required' : 'optional'}`)
    .sort();
  return `slots-${createHash('sha256').update(slots.join('\n')).digest('hex').slice(0, 12)}`;
}
