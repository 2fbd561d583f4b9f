import type { SkillManifestInput } from '../../src/skills/types';

/** List the open alerts: one list item per alert, at most ten, answered at once. */
const manifest: SkillManifestInput = {
  title: 'list the open alerts',
  description: 'lists the alerts that are not closed, most urgent first',
  triggerIntents: ['alert_list'],
  permission: 'read_alerts',
  confirm: false,
  examples: ['show open alerts', 'what alerts are open?'],
  slots: [],
  confirmation: 'List the open alerts?',
};

export default manifest;
