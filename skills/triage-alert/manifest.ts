import type { SkillManifestInput } from '../../src/skills/types';

/** Triage one registered alert with the AI model on demand: its analysis, shown, never acted on. */
const manifest: SkillManifestInput = {
  title: 'triage an alert with the AI model',
  description:
    'asks the AI model for a triage of one alert: summary, recommendation, classification, severity and confidence (a suggestion, never acted on)',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_triage'],
  permission: 'read_alerts',
  confirm: false,
  examples: ['triage SOC-2026-0001', 'what do you make of this one?'],
  slots: [
    {
      name: 'alert',
      entity: 'alertRef',
      label: 'alert',
      prompt: 'Which alert? Give its reference (SOC-2026-0001) or its alert ID (4711).',
      why: 'The AI model triages one registered alert at a time; "open alerts" lists them.',
      example: 'SOC-2026-0001',
    },
  ],
  confirmation: 'Triage {alert} with the AI model?',
};

export default manifest;
