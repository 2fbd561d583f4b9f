import type { SkillManifestInput } from '../../src/skills/types';

/** Take the lead of an alert: an analyst takes one nobody leads; a SOC lead may take over. */
const manifest: SkillManifestInput = {
  title: 'take the lead of an alert',
  description: 'makes you the lead of an alert (an analyst takes one nobody leads yet)',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_take'],
  permission: 'take_alert',
  confirm: false,
  examples: ["I'll take SOC-2026-0001", "I'll take it"],
  slots: [
    {
      name: 'alert',
      entity: 'alertRef',
      label: 'alert',
      prompt: 'Which alert? Give its reference (SOC-2026-0001) or its alert ID (4711).',
      why: 'I change one registered alert at a time; "open alerts" lists them.',
      example: 'SOC-2026-0001',
    },
  ],
  confirmation: 'Take the lead of {alert}?',
};

export default manifest;
