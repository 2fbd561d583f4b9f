import type { SkillManifestInput } from '../../src/skills/types';

/** Register an alert raised by the detection system (e.g. SAP ETD) in socbot's alert register. */
const manifest: SkillManifestInput = {
  title: 'register an alert',
  description:
    'records an alert (alert ID, terminal, user, system, priority) and gives you its SOC reference',
  triggerIntents: ['alert'],
  permission: 'register_alert',
  examples: ['register an alert', 'ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815'],
  slots: [
    {
      name: 'alertId',
      entity: 'alertId',
      label: 'alert ID',
      prompt: 'Which alert ID did the detection system raise?',
      why: 'The alert ID links our record to the alert in SAP ETD, so anyone can look up the evidence.',
      example: '4711',
    },
    {
      name: 'terminal',
      entity: 'terminal',
      label: 'terminal',
      prompt: 'From which terminal did the activity come?',
      why: 'The terminal is what the Basis team blocks to stop the attacker.',
      example: 'PC-0815',
    },
    {
      name: 'username',
      entity: 'username',
      label: 'user',
      prompt: 'Which SAP user was involved?',
      why: 'The user tells Basis which account to lock or investigate.',
      example: 'DDIC',
    },
    {
      name: 'system',
      entity: 'system',
      label: 'system',
      prompt: 'On which SAP system (SID) did it happen?',
      why: 'The system ID tells us which landscape is affected and who runs it.',
      example: 'PRD',
    },
    {
      name: 'priority',
      entity: 'priority',
      label: 'priority',
      prompt: 'Which priority should it have (P1 most urgent … P5)? Say "skip" to use P3.',
      why: 'The priority decides how fast the SOC must act; without one the alert gets P3.',
      example: 'P2',
      required: false,
    },
  ],
  confirmation:
    'Register alert {alertId} on {system}: user {username}, terminal {terminal}, priority {priority}?',
};

export default manifest;
