import { raisePriority } from '../../src/app/priority-raise';
import { loadEscalationSettings } from '../../src/app/escalation-settings';

const settings = loadEscalationSettings({
  SOCBOT_CRITICAL_SYSTEMS: ' prd, PRX ,',
  SOCBOT_VIP_USERS: 'ceo,Cfo',
});

describe('priority raised by configuration (SOCBOT_CRITICAL_SYSTEMS, SOCBOT_VIP_USERS)', () => {
  it.each([
    [
      'a critical system lifts P4 to P2',
      { system: 'PRD', username: 'DDIC', priority: 'P4' },
      'P2',
      'PRD is a business-critical system',
    ],
    [
      'case-insensitive, with a client',
      { system: 'prx/100', username: 'DDIC', priority: 'P3' },
      'P2',
      'PRX is a business-critical system',
    ],
    [
      'a VIP user lifts P5 to P2',
      { system: 'DEV', username: 'cfo', priority: 'P5' },
      'P2',
      'CFO is a VIP user',
    ],
    [
      'both reasons are named',
      { system: 'PRD', username: 'CEO', priority: 'P3' },
      'P2',
      'PRD is a business-critical system and CEO is a VIP user',
    ],
    [
      'an unreadable priority counts as P3 and is lifted',
      { system: 'PRD', username: 'x', priority: 'urgent' },
      'P2',
      'PRD is a business-critical system',
    ],
  ])('%s', (_name, alert, priority, because) => {
    expect(raisePriority(settings, alert)).toEqual({
      priority,
      raised: { from: expect.any(String), because },
    });
  });

  it.each([
    ['P1 stays P1', { system: 'PRD', username: 'CEO', priority: 'P1' }, 'P1'],
    ['P2 stays P2', { system: 'PRD', username: 'CEO', priority: 'P2' }, 'P2'],
    [
      'other systems and users keep their priority',
      { system: 'DEV', username: 'DDIC', priority: 'P4' },
      'P4',
    ],
    [
      'a system that only starts like a critical one does not count',
      { system: 'PRDX', username: 'DDIC', priority: 'P4' },
      'P4',
    ],
  ])('%s', (_name, alert, priority) => {
    expect(raisePriority(settings, alert)).toEqual({ priority });
  });

  it('reads the delay in minutes (fractions allowed) and refuses nonsense with advice', () => {
    expect(loadEscalationSettings({}).escalateAfterMs).toBe(15 * 60_000);
    expect(loadEscalationSettings({ SOCBOT_ESCALATE_AFTER_MINUTES: '0.5' }).escalateAfterMs).toBe(30_000);
    expect(() => loadEscalationSettings({ SOCBOT_ESCALATE_AFTER_MINUTES: '0' })).toThrow(
      /SOCBOT_ESCALATE_AFTER_MINUTES.*0\.01 to 1440/,
    );
    expect(() => loadEscalationSettings({ SOCBOT_ESCALATE_AFTER_MINUTES: 'soon' })).toThrow(
      /SOCBOT_ESCALATE_AFTER_MINUTES/,
    );
  });
});
