import type { SkillManifestInput } from '../../src/skills/types';

/** Reopen a closed alert (a SOC lead undoes a decision): the ticket follows. */
const manifest: SkillManifestInput = {
  title: 'reopen an alert',
  description: 'reopens a closed alert for investigation; its ticket is reopened too',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_reopen'],
  permission: 'reopen_alert',
  examples: ['reopen SOC-2026-0001', 'reopen it'],
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
  confirmation: 'Reopen {alert}?',
};

export default manifest;
