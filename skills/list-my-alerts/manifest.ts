import type { SkillManifestInput } from '../../src/skills/types';

/** List my alerts: one list item per alert, at most ten, answered at once. */
const manifest: SkillManifestInput = {
  title: 'list my alerts',
  description: 'lists the open alerts you lead',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_list_mine'],
  permission: 'read_alerts',
  confirm: false,
  examples: ['list my alerts', 'what am I working on?'],
  slots: [],
  confirmation: 'List my alerts?',
};

export default manifest;
