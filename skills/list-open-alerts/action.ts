import type { SkillAction } from '../../src/skills/types';
import { listReply } from './alert-list';

/** List the open alerts. */
export const act: SkillAction = ({ services }) =>
  listReply(services, 'open', {
    heading: 'Open alerts',
    none: 'No alert is open.',
  });
