import type { SkillManifestInput } from '../../src/skills/types';

/** Open an incident's investigation room: a thread in the SOC channel in Teams and a shared Web Chat page. */
const manifest: SkillManifestInput = {
  title: 'open the investigation room',
  description:
    "opens an incident's room: a thread in the SOC channel in Teams and a shared Web Chat page where everyone sees every command and result",
  // Its room needs a registered incident: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['incident_investigate'],
  permission: 'investigate_alert',
  examples: ['open the shared incident page', 'Investigate SOC-2026-0001'],
  slots: [
    {
      name: 'incident',
      entity: 'alertRef',
      label: 'incident',
      prompt: 'Which incident? Give its reference or the alert ID.',
      why: 'A room belongs to one registered incident.',
      example: 'SOC-2026-0001',
    },
  ],
  confirmation: 'Open the investigation room for {incident}?',
};

export default manifest;
