import type { SkillAction } from '../../src/skills/types';
import { listReply } from '../list-open-alerts/alert-list';

/** List my alerts. */
export const act: SkillAction = ({ services }) =>
  listReply(services, 'mine', {
    heading: 'Open alerts you lead',
    none: 'You lead no open alert. Say "I\'ll take it" about one to lead it.',
  });
