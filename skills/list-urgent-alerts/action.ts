import type { SkillAction } from '../../src/skills/types';
import { listReply } from '../list-open-alerts/alert-list';

/** List the open P1 and P2 alerts. */
export const act: SkillAction = ({ services }) =>
  listReply(services, 'urgent', {
    heading: 'Open P1/P2 alerts',
    none: 'No P1 or P2 alert is open.',
  });
