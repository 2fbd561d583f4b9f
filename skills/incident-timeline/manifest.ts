import type { SkillManifestInput } from '../../src/skills/types';

/** Show an incident's history: the entries of `socbot audit export --alert REF`. */
const manifest: SkillManifestInput = {
  title: "show the incident's timeline",
  description: 'shows who did what on an incident and when, as the audit trail holds it, with its lead',
  // Read-only: shown at once, no confirmation question.
  confirm: false,
  // A timeline needs a registered incident: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['incident_timeline'],
  permission: 'investigate_alert',
  examples: ['show the timeline', 'show the SOC-2026-0001 timeline'],
  slots: [
    {
      name: 'incident',
      entity: 'alertRef',
      label: 'incident',
      prompt: 'The timeline of which incident? Give its reference or the alert ID.',
      why: 'A timeline belongs to one registered incident (in its room, the room says which).',
      example: 'SOC-2026-0001',
    },
  ],
  confirmation: 'Show the timeline of {incident}?',
};

export default manifest;
