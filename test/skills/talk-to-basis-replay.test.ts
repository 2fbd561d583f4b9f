import { act } from '../../skills/talk-to-basis/action';
import type {
  ActionServices,
  AlertLifecycleServices,
  AlertRecord,
  NoticeRequest,
  SkillContext,
  SkillServices,
} from '../../src/skills/types';
import type { BasisRequest, NewBasisRequest } from '../../src/store/basis-request-log';

function alert(ref: string): AlertRecord {
  return {
    ref,
    alertId: '4711',
    terminal: 'PC-0815',
    username: 'DDIC',
    system: 'PRD',
    priority: 'P2',
    createdBy: 'Ana',
    conversationId: 'c1',
    status: 'registered',
    createdAt: '2026-12-06T00:00:00.000Z',
  };
}

/**
 * Start-up runs a confirmed action that a crash cut off again with the same request id
 * (src/app/replay-intents.ts): the second run must ask for exactly what the first asked for.
 */
describe('skills/talk-to-basis run again with the same request id', () => {
  it('notifies about the alert the first run named, even when an alert with that ID was registered since', async () => {
    // The latest alert with ID 4711: SOC-2026-0001 at the first run, SOC-2026-0002 by the replay.
    const latest = [alert('SOC-2026-0001')];
    const requests: BasisRequest[] = [];
    const notices: NoticeRequest[] = [];
    const alerts: SkillServices['alerts'] = {
      add: async () => {
        throw new Error('not used');
      },
      find: async (refOrAlertId) =>
        latest.find((record) => record.ref === refOrAlertId) ??
        (refOrAlertId === '4711' ? latest.at(-1) : undefined),
      withAlertId: async () => latest,
    };
    const basisRequests: SkillServices['basisRequests'] = {
      add: async (request: NewBasisRequest) => {
        const earlier = requests.find((existing) => existing.requestId === request.requestId);
        if (earlier) return earlier;
        const record: BasisRequest = { ...request, id: 'BR-0001', status: 'recorded', createdAt: '' };
        requests.push(record);
        return record;
      },
    };
    const actions: ActionServices = {
      authorize: async () => ({ allowed: true }),
      configured: {
        ticketing: undefined,
        blocking: [],
        noticeChannels: () => ['basis by webhook'],
        escalationChannels: () => [],
      },
      priorityFor: (alert) => ({ priority: alert.priority }),
      escalate: async () => [],
      createTicket: async () => undefined,
      block: async () => [],
      blockWithApproval: async () => ({ kind: 'queued', queued: [] }),
      notify: async (notice) => {
        notices.push(notice);
        return [{ jobId: `job-${notice.alertRef}`, description: 'notify' }];
      },
      report: async () => [],
    };
    // talk-to-basis changes no alert's lifecycle: any call fails the test.
    const UNUSED_LIFECYCLE = new Proxy({} as AlertLifecycleServices, {
      get: () => () => Promise.reject(new Error('talk-to-basis called the alert lifecycle')),
    });
    const context: SkillContext = {
      slots: { terminal: 'PC-0815', username: 'DDIC', system: 'PRD', alert: '4711' },
      user: { id: 'ana', name: 'Ana' },
      conversationId: 'c1',
      requestId: 'form-1',
      services: {
        alerts,
        basisRequests,
        lifecycle: UNUSED_LIFECYCLE,
        actions,
        incidents: NO_INCIDENTS,
        indicators: NO_INDICATORS,
        triage: NO_TRIAGE,
      },
    };

    const first = await act(context);
    latest.push(alert('SOC-2026-0002'));
    const again = await act(context);

    expect(notices.map((notice) => notice.alertRef)).toEqual(['SOC-2026-0001', 'SOC-2026-0001']);
    expect(again.alertRef).toBe(first.alertRef);
    expect(again.text).toBe(first.text);
    expect(requests).toHaveLength(1);
  });
});

/** talk-to-basis never opens a room: any use of it is a mistake the test should see. */
const NO_INCIDENTS: SkillContext['services']['incidents'] = {
  openRoom: () => Promise.reject(new Error('talk-to-basis opened a room')),
  timeline: () => Promise.reject(new Error('talk-to-basis read a timeline')),
};

/** talk-to-basis looks no indicator up. */
const NO_INDICATORS: SkillContext['services']['indicators'] = {
  lookup: () => Promise.reject(new Error('talk-to-basis looked an indicator up')),
  incident: () => Promise.reject(new Error('talk-to-basis asked for the room')),
};

/** talk-to-basis asks the AI model nothing. */
const NO_TRIAGE: SkillContext['services']['triage'] = {
  enabled: false,
  triage: () => Promise.reject(new Error('talk-to-basis asked for an AI triage')),
};
