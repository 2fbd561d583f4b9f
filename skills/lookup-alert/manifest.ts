import type { SkillManifestInput } from '../../src/skills/types';

/** Look up one registered alert: what the register holds, its status, lead, classification and notes. */
const manifest: SkillManifestInput = {
  title: 'look up an alert',
  description: 'shows one registered alert: its details, status, lead, classification and latest note',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_lookup'],
  permission: 'read_alerts',
  confirm: false,
  examples: ['status of SOC-2026-0001', 'what do we have on alert 4711?'],
  slots: [
    {
      name: 'alert',
      entity: 'alertRef',
      label: 'alert',
      prompt: 'Which alert? Give its reference (SOC-2026-0001) or its alert ID (4711).',
      why: 'I show one registered alert at a time; "open alerts" lists them.',
      example: 'SOC-2026-0001',
    },
  ],
  confirmation: 'Look up {alert}?',
};

export default manifest;
