import type { SkillManifestInput } from '../../src/skills/types';

/** Add a note to an alert: recorded on the alert and in its timeline. */
const manifest: SkillManifestInput = {
  title: 'add a note to an alert',
  description: "adds a note to an alert's record and timeline",
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_note'],
  permission: 'note_alert',
  confirm: false,
  examples: [
    'add a note to SOC-2026-0001: called the user, he confirms the logon',
    'note: the user confirmed it',
  ],
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
      name: 'note',
      entity: 'note',
      label: 'note',
      prompt: 'What should the note say?',
      why: 'A note records what you found, so whoever picks the alert up next knows it.',
      example: 'called the user, he confirms the logon',
    },
  ],
  confirmation: 'Add the note "{note}" to {alert}?',
};

export default manifest;
