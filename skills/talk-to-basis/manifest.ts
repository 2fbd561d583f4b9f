import type { SkillManifestInput } from '../../src/skills/types';

/** Ask the SAP Basis team to act on an attacker (block the terminal, lock the user). */
const manifest: SkillManifestInput = {
  title: 'inform the Basis team',
  description: 'asks the SAP Basis team to act on an attacker: terminal, user, system and the alert',
  triggerIntents: ['inform'],
  permission: 'inform_basis',
  examples: ['inform Basis', 'tell the Basis team to block the terminal'],
  slots: [
    {
      name: 'terminal',
      entity: 'terminal',
      label: 'terminal',
      prompt: 'Which terminal should Basis look at?',
      why: 'Basis blocks the attacker by terminal.',
      example: 'PC-0815',
    },
    {
      name: 'username',
      entity: 'username',
      label: 'user',
      prompt: 'Which SAP user is involved?',
      why: 'Basis may need to lock the account.',
      example: 'DDIC',
    },
    {
      name: 'system',
      entity: 'system',
      label: 'system',
      prompt: 'On which SAP system (SID)?',
      why: 'Each system has its own Basis contacts.',
      example: 'PRD',
    },
    {
      name: 'alert',
      entity: 'alertId',
      label: 'alert',
      prompt: 'Which alert is this about (the alert ID)?',
      why: 'Basis gets the alert so they can see the evidence and our reference.',
      example: '4711',
    },
  ],
  confirmation: 'Ask Basis about user {username} on {system} from terminal {terminal} (alert {alert})?',
};

export default manifest;
