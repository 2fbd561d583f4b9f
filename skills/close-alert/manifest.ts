import type { SkillManifestInput } from '../../src/skills/types';

/** Close an alert with what it was: the ticket follows. */
const manifest: SkillManifestInput = {
  title: 'close an alert',
  description:
    'closes an alert as a true positive, false positive, expected or confirmed activity; its ticket is updated too',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_close'],
  permission: 'close_alert',
  examples: ['close it as a false positive', 'SOC-2026-0001 was expected activity'],
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
      name: 'classification',
      entity: 'classification',
      label: 'classification',
      prompt: 'What was it: a false positive, a true positive, expected activity or confirmed activity?',
      why: 'The classification is what the SOC reports on, and the ticket is closed with it.',
      example: 'false positive',
    },
  ],
  confirmation: 'Close {alert} as {classification}?',
};

export default manifest;
