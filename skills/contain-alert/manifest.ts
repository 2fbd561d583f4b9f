import type { SkillManifestInput } from '../../src/skills/types';

/** Mark an alert contained: the attack is stopped, the investigation goes on. */
const manifest: SkillManifestInput = {
  title: 'mark an alert contained',
  description: 'marks an alert contained (the attack is stopped; close it once it is classified)',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_contain'],
  permission: 'contain_alert',
  confirm: false,
  examples: ['mark SOC-2026-0001 contained', 'mark it contained'],
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
  confirmation: 'Mark {alert} contained?',
};

export default manifest;
