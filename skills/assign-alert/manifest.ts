import type { SkillManifestInput } from '../../src/skills/types';

/** Hand an alert to someone: a SOC lead names its new lead. */
const manifest: SkillManifestInput = {
  title: 'assign an alert',
  description: 'makes an analyst or SOC lead the lead of an alert (SOC leads assign others)',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_assign'],
  permission: 'assign_alert',
  examples: ['assign SOC-2026-0001 to Maria', 'assign it to maria.rossi@corp.com'],
  slots: [
    {
      name: 'alert',
      entity: 'alertRef',
      label: 'alert',
      prompt: 'Which alert? Give its reference (SOC-2026-0001) or its alert ID (4711).',
      why: 'I change one registered alert at a time; "open alerts" lists them.',
      example: 'SOC-2026-0001',
    },
    {
      name: 'person',
      entity: 'person',
      label: 'new lead',
      prompt:
        "Who should lead it? Name them by e-mail, or by a first name only one analyst's e-mail starts with.",
      why: 'socbot names leads by the identity SOCBOT_ROLES gives them: display names are not unique.',
      example: 'maria.rossi@corp.com',
    },
  ],
  confirmation: 'Make {person} the lead of {alert}?',
};

export default manifest;
