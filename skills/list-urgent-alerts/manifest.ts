import type { SkillManifestInput } from '../../src/skills/types';

/** List the open P1 and P2 alerts: one list item per alert, at most ten, answered at once. */
const manifest: SkillManifestInput = {
  title: 'list the open P1 and P2 alerts',
  description: 'lists the open alerts of priority P1 or P2',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['alert_list_urgent'],
  permission: 'read_alerts',
  confirm: false,
  examples: ['show P1 and P2 alerts', 'any critical alerts open?'],
  slots: [],
  confirmation: 'List the open P1 and P2 alerts?',
};

export default manifest;
