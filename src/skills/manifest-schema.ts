import { z } from 'zod';
import { ENTITY_TYPES } from '../nlu/types';

/**
 * The side effects a skill may need permission for (the same names as src/access's side effects,
 * repeated so a skill imports nothing but its contract).
 */
export const SKILL_PERMISSIONS = [
  'register_alert',
  'inform_basis',
  'block_terminal',
  'lock_user',
  'read_alerts',
  'take_alert',
  'assign_alert',
  'note_alert',
  'contain_alert',
  'close_alert',
  'reopen_alert',
  'investigate_alert',
  'enrich_indicator',
  'correct_mail_category',
] as const;

/** A placeholder in a confirmation template: `{slotName}`. */
export const TEMPLATE_PLACEHOLDER = /\{(\w+)\}/g;

const SlotSchema = z.object({
  /** The slot's name, used in the confirmation template and passed to `act()`. */
  name: z.string().regex(/^[a-zA-Z][\w]*$/, 'a slot name is letters, digits and _ (e.g. "alertId")'),
  /** What kind of value it holds; the value is parsed and validated as this entity type. */
  entity: z.enum(ENTITY_TYPES),
  /** A short label for summaries ("terminal", "alert ID"). */
  label: z.string().min(1),
  /** The question the bot asks when the slot is missing. */
  prompt: z.string().min(1),
  /** Why the bot asks: shown on "help" while the slot is asked. */
  why: z.string().min(1),
  /** An example answer, shown with prompts and re-prompts. */
  example: z.string().min(1),
  required: z.boolean().default(true),
});

/**
 * The manifest of a skill (`skills/<name>/manifest.ts` or `manifest.json`), validated at load.
 *
 * @example
 *   export default {
 *     title: 'register an alert',
 *     description: 'records an alert in the register and gives you its reference',
 *     triggerIntents: ['alert'],
 *     examples: ['register alert 4711'],
 *     slots: [{ name: 'alertId', entity: 'alertId', label: 'alert ID', prompt: 'Which alert ID?',
 *               why: 'the ticket links back to the alert', example: '4711' }],
 *     confirmation: 'Register alert {alertId}?',
 *   };
 */
export const SkillManifestSchema = z
  .object({
    /** What the skill does, as a verb phrase: "register an alert". */
    title: z.string().min(1),
    /** One sentence for "what can you do". */
    description: z.string().min(1),
    /** The intents that start the skill. */
    triggerIntents: z.array(z.string().min(1)).min(1),
    /** Example utterances: offered as suggestions when the bot is unsure. */
    examples: z.array(z.string().min(1)).min(1),
    /** The slots, in the order they are asked. */
    slots: z.array(SlotSchema),
    /** The confirmation question, with `{slotName}` placeholders. */
    confirmation: z.string().min(1),
    /**
     * The manifest's version, stored with every form started from it. Bump it when a change of
     * the slots changes what a half-filled form means; without it the version is a hash of the
     * slots (names, entity types, required), see manifest-version.ts.
     */
    version: z.string().min(1).max(64).optional(),
    /**
     * The permission the skill's action needs: checked when the form starts, before the first
     * question, so an analyst without it is not asked for values that cannot be used.
     */
    permission: z.enum(SKILL_PERMISSIONS).optional(),
    /**
     * false: the skill acts as soon as its slots are filled, without a confirmation question (a
     * look-up, a list, a small reversible change). Default true. `confirmation` is still required:
     * it is asked when a saved form started before a deploy must not act unasked.
     */
    confirm: z.boolean().default(true),
    /**
     * false: the skill is not offered as a button (greeting, help, "not sure" suggestions), e.g.
     * when its examples name an alert that need not exist here ("status of SOC-2026-0001"). It is
     * still listed by "help" and started by its intent. Default true.
     */
    suggested: z.boolean().default(true),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const names = manifest.slots.map((slot) => slot.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) {
      ctx.addIssue({
        code: 'custom',
        path: ['slots'],
        message: `the slot name "${duplicate}" is used twice`,
      });
    }
    const entities = manifest.slots.map((slot) => slot.entity);
    const sharedEntity = entities.find((entity, index) => entities.indexOf(entity) !== index);
    if (sharedEntity) {
      // Values are carried between turns and skills by entity type, so one type fills one slot.
      ctx.addIssue({
        code: 'custom',
        path: ['slots'],
        message: `two slots have the entity type "${sharedEntity}"; each entity type may fill one slot`,
      });
    }
    for (const match of manifest.confirmation.matchAll(TEMPLATE_PLACEHOLDER)) {
      if (!names.includes(match[1] ?? '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['confirmation'],
          message: `the placeholder {${match[1]}} names no slot (slots: ${names.join(', ')})`,
        });
      }
    }
  });

/** A manifest as written in a file (defaults not yet applied). */
export type SkillManifestInput = z.input<typeof SkillManifestSchema>;
/** A validated manifest. */
export type SkillManifest = z.output<typeof SkillManifestSchema>;
/** One slot of a validated manifest. */
export type SkillSlot = SkillManifest['slots'][number];
